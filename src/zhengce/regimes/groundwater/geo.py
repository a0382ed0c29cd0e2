"""Zone geometry: GeoJSON parsing and point-in-polygon membership through a shapely STRtree."""

from __future__ import annotations

import json
from collections.abc import Sequence

import numpy as np
import shapely
from shapely.geometry import shape

_AREAL = {"Polygon", "MultiPolygon"}


class GeometryError(ValueError):
    """A zone geometry that is not a valid GeoJSON (Multi)Polygon."""


def parse_polygon(geometry: object) -> shapely.Geometry:
    """A valid (Multi)Polygon from a GeoJSON geometry object, or GeometryError saying why not."""
    if not isinstance(geometry, dict) or geometry.get("type") not in _AREAL:
        kind = geometry.get("type") if isinstance(geometry, dict) else type(geometry).__name__
        raise GeometryError(f"几何类型应为 Polygon 或 MultiPolygon，实为 {kind} (geometry must be a polygon)")
    try:
        geom = shape(geometry)
    except Exception as exc:  # shapely raises several types for malformed coordinates
        raise GeometryError(f"坐标无法解析：{exc} (malformed coordinates)") from None
    if geom.is_empty:
        raise GeometryError("多边形为空 (empty polygon)")
    if not geom.is_valid:
        reason = shapely.is_valid_reason(geom)
        raise GeometryError(f"多边形无效：{reason} (invalid polygon)")
    lon_min, lat_min, lon_max, lat_max = geom.bounds
    if not (-180 <= lon_min <= lon_max <= 180 and -90 <= lat_min <= lat_max <= 90):
        raise GeometryError("坐标超出经纬度范围 (coordinates out of lon/lat range)")
    return geom


def dumps(geometry: dict) -> str:
    return json.dumps(geometry, separators=(",", ":"))


def membership(
    zone_ids: Sequence[str], polygons: Sequence[shapely.Geometry], lon: np.ndarray, lat: np.ndarray
) -> list[tuple[int, str]]:
    """(point index, zone id) for every point inside (or on the border of) a zone."""
    if not len(polygons) or not len(lon):
        return []
    tree = shapely.STRtree(list(polygons))
    points = shapely.points(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    # "intersects" counts a point on the boundary as inside: a boundary works is in the zone.
    point_idx, zone_idx = tree.query(points, predicate="intersects")
    return [(int(p), zone_ids[int(z)]) for p, z in zip(point_idx, zone_idx, strict=True)]


def load_geometry(text: str) -> shapely.Geometry:
    return shape(json.loads(text))
