"""Boundaries (四至范围) as GeoJSON: validated with shapely, stored as compact GeoJSON text."""

from __future__ import annotations

import json

_AREAL = {"Polygon", "MultiPolygon"}


class GeometryError(ValueError):
    """A boundary that is not a valid GeoJSON (Multi)Polygon in longitude/latitude."""


def check_boundary(geometry: object) -> str:
    """Compact GeoJSON text of a valid (Multi)Polygon, or GeometryError saying why not."""
    import shapely
    from shapely.geometry import shape

    kind = geometry.get("type") if isinstance(geometry, dict) else type(geometry).__name__
    if not isinstance(kind, str) or kind not in _AREAL:
        raise GeometryError(f"四至范围应为 Polygon 或 MultiPolygon，实为 {kind} (boundary must be a polygon)")
    try:
        geom = shape(geometry)
    except Exception as exc:  # shapely raises several types for malformed coordinates
        raise GeometryError(f"坐标无法解析：{exc} (malformed coordinates)") from None
    if geom.is_empty:
        raise GeometryError("四至范围为空 (empty polygon)")
    if not geom.is_valid:
        raise GeometryError(f"四至范围无效：{shapely.is_valid_reason(geom)} (invalid polygon)")
    lon_min, lat_min, lon_max, lat_max = geom.bounds
    if not (-180 <= lon_min <= lon_max <= 180 and -90 <= lat_min <= lat_max <= 90):
        raise GeometryError("坐标超出经纬度范围 (coordinates out of lon/lat range)")
    return json.dumps(geometry, separators=(",", ":"))
