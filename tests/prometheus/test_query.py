"""The Prometheus client's faults, which a healthy server does not produce: a query error, a
timeout, several series, NaN, an unset header variable; and the evaluation time.

A small HTTP server on 127.0.0.1 stands in for Prometheus here (the real one is in
`test_live.py`); it answers what the API documents for each case."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import parse_qs

import pytest

from sre_docs.config import Config, PrometheusSettings, config_from_options
from sre_docs.errors import UserError
from sre_docs.handbook import DocRecord
from sre_docs.prometheus.query import evaluation_moment, measure_slos

TODAY = dt.date(2026, 11, 24)


class _Handler(BaseHTTPRequestHandler):
    seen: ClassVar[list[tuple[str, dict[str, list[str]], dict[str, str]]]] = []

    def log_message(self, *args: object) -> None:  # quiet
        pass

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        form = parse_qs(self.rfile.read(length).decode())
        self.seen.append((self.path, form, dict(self.headers)))
        query = form.get("query", [""])[0]
        if "slow" in query:
            time.sleep(1.5)
        if "syntax" in query:
            self._answer(400, {"status": "error", "errorType": "bad_data", "error": "parse error"})
        elif "many" in query:
            series = [{"metric": {"a": str(i)}, "value": [0, "0.1"]} for i in range(2)]
            self._answer(
                200, {"status": "success", "data": {"resultType": "vector", "result": series}}
            )
        elif "nan" in query:
            series = [{"metric": {}, "value": [0, "NaN"]}]
            self._answer(
                200, {"status": "success", "data": {"resultType": "vector", "result": series}}
            )
        elif self.path.endswith("query_range"):
            start, step = float(form["start"][0]), float(form["step"][0])
            values = [[start + i * step, "0.0005"] for i in range(31)]
            result = [{"metric": {}, "values": values}]
            self._answer(
                200, {"status": "success", "data": {"resultType": "matrix", "result": result}}
            )
        else:
            series = [{"metric": {}, "value": [0, "0.0005"]}]
            self._answer(
                200, {"status": "success", "data": {"resultType": "vector", "result": series}}
            )

    def _answer(self, status: int, body: dict[str, object]) -> None:
        data = json.dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (the timeout case)


@pytest.fixture
def fake() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Handler.seen = []
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _record(rel: str, good: str, total: str = "total_total") -> DocRecord:
    meta = {
        "type": "slo",
        "target": 99.9,
        "window": "30d",
        "sli": {"good_events": good, "total_events": total},
    }
    return DocRecord(rel, "slo", True, rel, meta, {}, [], [], [], [], 1)


def _config(url: str, timeout: float = 5.0, headers: dict[str, str] | None = None) -> Config:
    settings = PrometheusSettings(url, timeout, headers or {})
    return Config(root=Path("."), docs_dir=Path("."), source="test", prometheus=settings)


def test_a_healthy_answer_gives_every_value(fake: str) -> None:
    measured, warnings = measure_slos([_record("a.md", "ok_total")], _config(fake), TODAY, {})
    assert warnings == []
    value = measured["a.md"]
    assert value.attainment == pytest.approx(99.95)
    assert value.burn_rate_1h == pytest.approx(0.5) and value.burn_rate_6h == pytest.approx(0.5)
    assert len(value.points) == 31 and all(ratio == 0.0005 for _, ratio in value.points)
    assert value.as_of == "2026-11-24 00:00 UTC"
    path, form, _ = _Handler.seen[0]
    assert path == "/api/v1/query"
    assert form["query"][0].startswith("1 - (") and "sum(rate(ok_total[30d]))" in form["query"][0]
    assert float(form["time"][0]) == dt.datetime(2026, 11, 24, tzinfo=dt.UTC).timestamp()


@pytest.mark.parametrize(
    ("good", "reason"),
    [
        ("syntax_error_total", "query error: parse error"),
        ("many_total", "2 series; an SLI query must aggregate to one"),
        ("nan_total", "no data in the window (the ratio is NaN"),
    ],
)
def test_a_bad_answer_is_one_warning_naming_slo_url_and_query(
    fake: str, good: str, reason: str
) -> None:
    records = [_record("a.md", good), _record("b.md", "ok_total")]
    measured, warnings = measure_slos(records, _config(fake), TODAY, {})
    assert len(warnings) == 1
    assert warnings[0].startswith(f"a.md: SLO 'a.md': Prometheus {fake}: {reason}")
    assert f"query: 1 - ( (sum(rate({good}[30d])))" in warnings[0]
    assert measured["a.md"].attainment is None and measured["a.md"].missing
    assert measured["b.md"].attainment == pytest.approx(99.95)  # the others still measured


def test_a_timeout_is_not_waited_for_again(fake: str) -> None:
    records = [_record(f"{name}.md", "slow_total") for name in "abc"]
    started = time.monotonic()
    measured, warnings = measure_slos(records, _config(fake, timeout=0.3), TODAY, {})
    assert time.monotonic() - started < 1.4  # one timeout, not three
    assert len(warnings) == 3
    assert "no answer within 0.3 s" in warnings[0]
    assert all("did not answer" in warning for warning in warnings[1:])
    assert all(value.attainment is None for value in measured.values())


def test_headers_come_from_environment_variables(fake: str) -> None:
    config = _config(fake, headers={"Authorization": "PROM_TOKEN", "X-Scope-OrgID": "PROM_ORG"})
    _, warnings = measure_slos(
        [_record("a.md", "ok_total")], config, TODAY, {"PROM_TOKEN": "Bearer s3cret"}
    )
    assert warnings == [
        "prometheus: header X-Scope-OrgID: environment variable PROM_ORG is not set"
    ]
    _, _, headers = _Handler.seen[0]
    assert headers["Authorization"] == "Bearer s3cret" and "X-Scope-OrgID" not in headers


def test_evaluation_moment_is_reproducible() -> None:
    epoch = dt.datetime(2026, 11, 24, 13, 30, tzinfo=dt.UTC)
    stamp = str(int(epoch.timestamp()))
    assert evaluation_moment(TODAY, {"SOURCE_DATE_EPOCH": stamp}) == epoch
    # --today on another day than SOURCE_DATE_EPOCH's: the start of that day.
    assert evaluation_moment(dt.date(2026, 11, 20), {"SOURCE_DATE_EPOCH": stamp}) == dt.datetime(
        2026, 11, 20, tzinfo=dt.UTC
    )
    now = dt.datetime.now(tz=dt.UTC)
    assert abs((evaluation_moment(now.date(), {}) - now).total_seconds()) < 5


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"prometheus": "http://x"}, "expected a mapping"),
        ({"prometheus": {"url": "ftp://x"}}, "expected an http(s) URL"),
        ({"prometheus": {"url": "http://x", "timeout": 0}}, "expected seconds above 0"),
        ({"prometheus": {"url": "http://x", "headers": ["a"]}}, "header name → environment"),
        ({"prometheus": {"url": "http://x", "token": "a"}}, "prometheus.token: unknown option"),
        ({"budget_burn_p0_pct": 120}, "expected a percentage from 0 to 100"),
    ],
)
def test_bad_options_are_one_clear_error(options: dict[str, object], message: str) -> None:
    with pytest.raises(UserError, match=message.replace("(", r"\(").replace(")", r"\)")):
        config_from_options(options, root=Path("."), docs_dir=Path("."), source="mkdocs.yml")


def test_an_empty_url_turns_live_budgets_off() -> None:
    config = config_from_options(
        {"prometheus": {"url": ""}}, root=Path("."), docs_dir=Path("."), source="mkdocs.yml"
    )
    assert config.prometheus is None
