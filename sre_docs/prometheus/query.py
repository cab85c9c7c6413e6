"""Live error budgets: each SLO's SLI queries evaluated by Prometheus' HTTP API at build time.

Standard-library HTTP only. Every failure (server unreachable, timeout, query error, empty or
NaN result) becomes one warning naming the SLO, the URL and the query, and the SLO falls back to
its front-matter `current`; once the server did not answer, the other SLOs are not tried again."""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sre_docs.calc import slo as slo_math
from sre_docs.config import Config, PrometheusSettings
from sre_docs.handbook import DocRecord
from sre_docs.prometheus.sli import sli_queries

DAY_SECONDS = 86400


@dataclass(slots=True)
class Measurement:
    """What Prometheus said about one SLO (None: that value is missing)."""

    as_of: str
    url: str
    attainment: float | None = None
    burn_rate_1h: float | None = None
    burn_rate_6h: float | None = None
    points: list[tuple[str, float | None]] = field(default_factory=list)  # date, error ratio
    missing: str | None = None


class QueryError(Exception):
    """One query that gave no number; `unreachable` when the server did not answer at all."""

    def __init__(self, message: str, *, unreachable: bool = False) -> None:
        super().__init__(message)
        self.unreachable = unreachable


def evaluation_moment(today: dt.date, environ: Mapping[str, str] | None = None) -> dt.datetime:
    """When the budgets are measured: SOURCE_DATE_EPOCH when it falls on `today`, the current
    time when `today` is the clock's day, else the start of `today` (UTC) so that a build
    pinned with `--today` or `today:` is reproducible."""
    environ = os.environ if environ is None else environ
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            moment = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        except (ValueError, OverflowError, OSError):
            moment = None
        if moment is not None and moment.date() == today:
            return moment
    now = dt.datetime.now(tz=dt.UTC)
    if now.date() == today:
        return now.replace(microsecond=0)
    return dt.datetime(today.year, today.month, today.day, tzinfo=dt.UTC)


class Client:
    """POSTs to `/api/v1/query` and `/api/v1/query_range` of one server."""

    def __init__(self, settings: PrometheusSettings, environ: Mapping[str, str]) -> None:
        self.settings = settings
        self.headers = {"Accept": "application/json", "User-Agent": "sre-docs"}
        self.header_problems: list[str] = []
        for name, variable in settings.headers.items():
            value = environ.get(variable)
            if value is None:
                self.header_problems.append(
                    f"header {name}: environment variable {variable} is not set"
                )
            else:
                self.headers[name] = value

    def call(self, path: str, parameters: dict[str, str]) -> Any:
        body = urllib.parse.urlencode(parameters).encode()
        request = urllib.request.Request(
            self.settings.url + path, data=body, headers=self.headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=self.settings.timeout) as response:
                payload = response.read(50_000_000)
        except urllib.error.HTTPError as error:
            raise QueryError(_api_error(error)) from None
        except TimeoutError:
            raise QueryError(
                f"no answer within {self.settings.timeout:g} s", unreachable=True
            ) from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise QueryError(f"server unreachable ({reason})", unreachable=True) from None
        try:
            data = json.loads(payload)
        except ValueError:
            raise QueryError("the answer is not JSON") from None
        if not isinstance(data, dict) or data.get("status") != "success":
            message = data.get("error") if isinstance(data, dict) else None
            raise QueryError(f"query error: {message or 'unexpected answer'}")
        return data.get("data")

    def instant(self, query: str, moment: dt.datetime) -> float:
        data = self.call("/api/v1/query", {"query": query, "time": _timestamp(moment)})
        result = data.get("result") if isinstance(data, dict) else None
        if data.get("resultType") == "scalar" and isinstance(result, list):
            return _value(result)
        if not isinstance(result, list) or not result:
            raise QueryError("empty result (no series matched)")
        if len(result) > 1:
            raise QueryError(f"{len(result)} series; an SLI query must aggregate to one (sum)")
        return _value(result[0].get("value"))

    def daily(self, query: str, start: dt.datetime, end: dt.datetime) -> dict[int, float]:
        data = self.call(
            "/api/v1/query_range",
            {
                "query": query,
                "start": _timestamp(start),
                "end": _timestamp(end),
                "step": str(DAY_SECONDS),
            },
        )
        result = data.get("result") if isinstance(data, dict) else None
        if not isinstance(result, list) or not result:
            raise QueryError("empty result (no series matched)")
        if len(result) > 1:
            raise QueryError(f"{len(result)} series; an SLI query must aggregate to one (sum)")
        points: dict[int, float] = {}
        for pair in result[0].get("values") or []:
            try:
                points[round(float(pair[0]))] = _value(pair)
            except (QueryError, TypeError, ValueError, IndexError):
                continue
        return points


def _api_error(error: urllib.error.HTTPError) -> str:
    try:
        data = json.loads(error.read(1_000_000))
        if isinstance(data, dict) and data.get("error"):
            return f"query error: {data['error']}"
    except (ValueError, OSError):
        pass
    return f"HTTP {error.code} {error.reason}"


def _timestamp(moment: dt.datetime) -> str:
    return f"{moment.timestamp():.3f}"


def _value(pair: Any) -> float:
    try:
        value = float(pair[1])
    except (TypeError, ValueError, IndexError):
        raise QueryError("the answer holds no number") from None
    if math.isnan(value) or math.isinf(value):
        raise QueryError("no data in the window (the ratio is NaN: no events counted)")
    return value


def measure_slos(
    records: Iterable[DocRecord],
    config: Config,
    today: dt.date,
    environ: Mapping[str, str] | None = None,
) -> tuple[dict[str, Measurement], list[str]]:
    """A measurement per SLO document with usable SLI queries, and the warnings (one per SLO
    at most, plus one per header whose variable is unset)."""
    settings = config.prometheus
    if settings is None:
        return {}, []
    environ = os.environ if environ is None else environ
    moment = evaluation_moment(today, environ)
    as_of = moment.strftime("%Y-%m-%d %H:%M UTC")
    client = Client(settings, environ)
    warnings = [f"prometheus: {problem}" for problem in client.header_problems]
    measurements: dict[str, Measurement] = {}
    down: str | None = None
    for record in sorted(records, key=lambda r: r.rel):
        queries = sli_queries(record.meta.get("sli"))
        window = record.meta.get("window")
        minutes = slo_math.parse_window(window)
        if queries is None or minutes is None or not isinstance(window, str):
            continue
        measurement = Measurement(as_of=as_of, url=settings.url)
        measurements[record.rel] = measurement
        name = record.title or record.rel
        attainment_query = queries.error_ratio(window.strip())
        if down is not None:
            measurement.missing = down
            warnings.append(_warning(record, name, settings.url, attainment_query, down))
            continue
        current_query = attainment_query
        try:
            measurement.attainment = slo_math.attainment_pct(
                client.instant(attainment_query, moment)
            )
            target = record.meta.get("target")
            for attribute, span in (("burn_rate_1h", "1h"), ("burn_rate_6h", "6h")):
                current_query = queries.error_ratio(span)
                ratio = client.instant(current_query, moment)
                setattr(measurement, attribute, slo_math.burn_rate(ratio, target))
            current_query = attainment_query
            start = moment - dt.timedelta(minutes=minutes)
            points = client.daily(attainment_query, start, moment)
            day = start
            while day <= moment:
                measurement.points.append(
                    (day.strftime("%m-%d"), points.get(round(day.timestamp())))
                )
                day += dt.timedelta(days=1)
        except QueryError as error:
            reason = str(error)
            if error.unreachable:
                down = f"not queried: {settings.url} did not answer ({reason})"
            if measurement.attainment is None:
                measurement.missing = reason
            warnings.append(_warning(record, name, settings.url, current_query, reason))
    return measurements, warnings


def _warning(record: DocRecord, name: str, url: str, query: str, reason: str) -> str:
    flat = " ".join(query.split())
    return f"{record.rel}: SLO {name!r}: Prometheus {url}: {reason}; query: {flat}"


def live_values(measurement: Measurement, target: Any, window: Any) -> dict[str, Any]:
    """The page's live block: remaining budget per day, burn rates, time to exhaustion."""
    remaining = (
        slo_math.budget_remaining(target, measurement.attainment)
        if measurement.attainment is not None
        else None
    )
    points = []
    for label, ratio in measurement.points:
        left = (
            slo_math.budget_remaining(target, slo_math.attainment_pct(ratio))
            if ratio is not None
            else None
        )
        points.append({"date": label, "remaining_pct": None if left is None else left * 100})
    return {
        "source": "prometheus",
        "url": measurement.url,
        "as_of": measurement.as_of,
        "missing": measurement.missing,
        "attainment": measurement.attainment,
        "burn_rate_1h": measurement.burn_rate_1h,
        "burn_rate_6h": measurement.burn_rate_6h,
        "hours_to_exhaustion": slo_math.hours_to_exhaustion(
            remaining, measurement.burn_rate_1h, window
        ),
        "budget_points": points,
    }
