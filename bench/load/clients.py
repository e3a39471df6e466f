"""The load test's HTTP clients: a keep-alive browser with cookies and CSRF, per-endpoint
latency statistics, and a simulated student who practises (used by practice_load.py)."""

import http.client
import random
import re
import statistics
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
QUESTION_RE = re.compile(r'name="question" value="(\d+)"')
TOKEN_RE = re.compile(r'name="client_token" value="([0-9a-f-]{36})"')


# ----------------------------------------------------------------------------- HTTP client


class Browser:
    """One student's browser: keep-alive connections to each server, cookies, timings."""

    def __init__(self, servers: list[tuple[str, int]], stats: "Stats"):
        self.connections = [http.client.HTTPConnection(h, p, timeout=30) for h, p in servers]
        self.turn = random.randrange(len(servers))
        self.cookies: dict[str, str] = {}
        self.stats = stats

    def request(self, label: str, method: str, path: str, form: dict | None = None):
        self.turn = (self.turn + 1) % len(self.connections)  # alternate servers
        connection = self.connections[self.turn]
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{connection.port}{path}"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException):
            connection.close()
            self.stats.record(label, 599, time.perf_counter() - started)
            return 599, {}, b""
        self.stats.record(label, response.status, time.perf_counter() - started)
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, response.headers, content

    def close(self):
        for connection in self.connections:
            connection.close()


@dataclass
class Stats:
    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, dict[int, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )
    answered: set[str] = field(default_factory=set)  # tokens whose POST succeeded
    resubmits: int = 0
    resubmit_mismatches: int = 0

    def record(self, label: str, status: int, seconds: float) -> None:
        with self.lock:
            self.latencies[label].append(seconds)
            self.statuses[label][status] += 1

    def summary(self, label: str, duration: float) -> dict:
        values = sorted(self.latencies.get(label, []))
        if not values:
            return {"requests": 0}
        pick = lambda q: values[min(len(values) - 1, int(q * len(values)))]  # noqa: E731
        return {
            "requests": len(values),
            "per_second": round(len(values) / duration, 1),
            "p50_ms": round(1000 * statistics.median(values), 1),
            "p99_ms": round(1000 * pick(0.99), 1),
            "max_ms": round(1000 * values[-1], 1),
            "statuses": dict(sorted(self.statuses[label].items())),
        }


# ----------------------------------------------------------------------------- students


@dataclass
class Student:
    username: str
    password: str
    browser: Browser
    key: dict
    slugs: list[str]
    session_path: str = ""
    _form: dict | None = None  # back-to-back answering: the form read from the page

    def csrf_from(self, content: bytes) -> str:
        match = CSRF_RE.search(content.decode())
        return match[1] if match else self.browser.cookies.get("csrftoken", "")

    def log_in(self) -> None:
        status, _, page = self.browser.request("login", "GET", "/accounts/login/")
        form = {"username": self.username, "password": self.password}
        form["csrfmiddlewaretoken"] = self.csrf_from(page)
        status, _, _ = self.browser.request("login", "POST", "/accounts/login/", form)
        if status != 302:
            raise RuntimeError(f"{self.username} could not log in ({status})")

    def start_session(self) -> None:
        form = {"scope": "concept", "slug": random.choice(self.slugs), "back": "/"}
        form["csrfmiddlewaretoken"] = self.browser.cookies.get("csrftoken", "")
        status, headers, _ = self.browser.request("start", "POST", "/practice/start/", form)
        location = urlsplit(headers.get("Location", "")).path if status == 302 else ""
        self.session_path = location if location.startswith("/practice/sessions/") else ""

    def answer_one(self, *, think: tuple[float, float] | None, rng: random.Random) -> None:
        if not self.session_path:
            self.start_session()
            if not self.session_path:
                return
        status, _, page = self.browser.request("question", "GET", self.session_path)
        if status != 200:  # the session is over (302 to its summary): start another
            self.session_path = ""
            return
        text = page.decode()
        question, token = QUESTION_RE.search(text), TOKEN_RE.search(text)
        if not (question and token):
            self.session_path = ""
            return
        form = {"question": question[1], "client_token": token[1]}
        form |= answer_form(self.key[question[1]], correct=rng.random() < 0.8)
        form["csrfmiddlewaretoken"] = self.csrf_from(page)
        if think:
            time.sleep(rng.uniform(*think))
        path = self.session_path + "answer/"
        status, headers, _ = self.browser.request("answer POST", "POST", path, form)
        if status in (301, 302, 303):
            with self.browser.stats.lock:
                self.browser.stats.answered.add(token[1])
            if think and rng.random() < 0.1:  # a double click / a resubmitted page
                _, again_headers, _ = self.browser.request("resubmit POST", "POST", path, form)
                with self.browser.stats.lock:
                    self.browser.stats.resubmits += 1
                    if again_headers.get("Location") != headers.get("Location"):
                        self.browser.stats.resubmit_mismatches += 1
            location = urlsplit(headers["Location"]).path
            if "/attempts/" in location:
                self.browser.request("feedback", "GET", location)
        if think and rng.random() < 0.1:
            self.browser.request("dashboard", "GET", "/practice/")

    def write_floor(self, *, rng: random.Random) -> None:
        form = {"csrfmiddlewaretoken": self.browser.cookies.get("csrftoken", "")}
        self.browser.request("write floor", "POST", "/bench/write-floor", form)

    def answer_back_to_back(self, *, rng: random.Random) -> None:
        """POST an answer to the page read first, each time with a new client_token."""
        if not self._form:
            if not self.session_path:
                self.start_session()
            status, _, page = self.browser.request("question", "GET", self.session_path)
            question = QUESTION_RE.search(page.decode()) if status == 200 else None
            if question is None:
                self.session_path = ""
                return
            self._form = {"question": question[1]} | answer_form(
                self.key[question[1]], correct=True
            )
            self._form["csrfmiddlewaretoken"] = self.csrf_from(page)
        token = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        form = self._form | {"client_token": token}
        path = self.session_path + "answer/"
        status, _, _ = self.browser.request("answer POST", "POST", path, form)
        if status in (301, 302, 303):
            with self.browser.stats.lock:
                self.browser.stats.answered.add(token)
        else:
            self._form = None  # the session ended: read a new page next time


def answer_form(key: dict, *, correct: bool) -> dict:
    if key["kind"] in ("single", "true_false", "multiple"):
        picked = key["right"] if correct else key["wrong"][:1] or key["right"]
        return {"answer": [str(pk) for pk in picked]}
    return {"answer": key["right_text"] if correct else "42424242"}


# ----------------------------------------------------------------------------- phases
