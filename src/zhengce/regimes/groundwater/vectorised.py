"""Column-wise screening of many works at once (numpy), for registries too large for per-row evaluation.

It decides the volume-driven rules — 第二十二条 (meter, online above scale, transmission gaps),
第五十五条 (no valid permit), 第三十五条第一款 (禁止开采区), 第二十七条 (难以更新) — with the same
semantics as the rule functions, and returns the indices of the works each rule would flag. The flagged
works (few) are then evaluated by the ordinary rules for their citations and consequences.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class WorksColumns:
    """One entry per works. ``daily`` is (n, days) float32 with NaN where no record exists."""

    daily: np.ndarray
    metering: np.ndarray  # int8: 0 none, 1 manual, 2 online
    new_works: np.ndarray  # bool: built on/after 2021-12-01 (and by the as-of date)
    past_deadline: np.ndarray  # bool: existing works and the county's deadline has passed
    online_threshold_m3: np.ndarray  # float
    transmitting: np.ndarray  # bool
    permit_valid: np.ndarray  # bool
    monitoring: np.ndarray  # bool: monitoring/exploration works
    prohibited_zone: np.ndarray  # bool
    zone_exempt: np.ndarray  # bool: a lasting 第三十五条第一款 exemption
    non_renewable: np.ndarray  # bool
    nr_exempt: np.ndarray  # bool: a lasting 第二十七条第一款 exemption


def screen(c: WorksColumns) -> dict[str, np.ndarray]:
    volume = np.nansum(c.daily, axis=1, dtype=np.float64)
    reporting = np.count_nonzero(~np.isnan(c.daily), axis=1)
    window = c.daily.shape[1]
    no_meter = c.metering == 0
    above = volume >= c.online_threshold_m3
    drew = volume > 0
    return {
        "gw.meter.required": np.flatnonzero(no_meter & c.new_works),
        "gw.meter.existing_deadline": np.flatnonzero(no_meter & ~c.new_works & c.past_deadline),
        "gw.meter.online_realtime": np.flatnonzero(above & ((c.metering != 2) | ~c.transmitting)),
        "gw.meter.transmission_gaps": np.flatnonzero(
            above & (c.metering == 2) & (reporting > 0) & (reporting < window)
        ),
        "gw.permit.unauthorized": np.flatnonzero(drew & ~c.monitoring & ~c.permit_valid),
        "gw.zone.prohibited": np.flatnonzero(drew & c.prohibited_zone & ~c.zone_exempt),
        "gw.nonrenewable": np.flatnonzero(drew & c.non_renewable & ~c.nr_exempt),
    }
