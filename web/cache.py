"""A small cache of rendered GET responses. Every page and API answer is a
function of the URL, the language and the data; the data changes when the
store the services hand out changes (a reader moves to a newer checkpoint) or
when an upload goes through this app (which bumps `generation`): the services
name the data they answer from (`checkpoint_id`, cancu.contract.services). Pages that
carry a session (upload, sign-in) are never cached.

Config RESPONSE_CACHE_SIZE (entries, 0 turns it off).

Below it, `per_checkpoint`: values several pages share (the document list, the
obligation filter choices), computed once per checkpoint whatever the URL.
"""
from __future__ import annotations

import datetime as dt
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, Response, current_app, g, has_app_context, request

from cancu.contract.errors import ServiceError
from cancu.contract.services import Services
from cancu.web.context import services

NEVER = ("/upload", "/login", "/logout", "/static/")
MAX_BODY = 2 * 1024 * 1024


class ResponseCache:
    def __init__(self, size: int):
        self.size = size
        self.entries: OrderedDict[tuple, tuple] = OrderedDict()
        self.lock = threading.Lock()
        self.generation = 0

    def bump(self) -> None:
        with self.lock:
            self.generation += 1
            self.entries.clear()

    def get(self, key: tuple):
        with self.lock:
            hit = self.entries.get(key)
            if hit is not None:
                self.entries.move_to_end(key)
            return hit

    def put(self, key: tuple, value: tuple) -> None:
        with self.lock:
            self.entries[key] = value
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)


def _cache() -> ResponseCache | None:
    c = current_app.extensions.get("cancu.cache")
    return c if c is not None and c.size > 0 else None


def _key(cache: ResponseCache) -> tuple | None:
    if request.method != "GET" or request.path.startswith(NEVER):
        return None
    try:
        version = services().checkpoint_id()
    except ServiceError:       # no data yet: the view will say so; nothing to cache
        return None
    # The date too: statuses ("in force today") and deadlines move with it.
    return (request.full_path, getattr(g, "lang", "vi"), request.headers.get("Accept", ""), version,
            cache.generation, dt.date.today())


def _lookup():
    cache = _cache()
    if cache is None:
        return None
    key = _key(cache)
    g.cache_key = key
    if key is None:
        return None
    hit = cache.get(key)
    if hit is None:
        return None
    body, status, headers = hit
    return Response(body, status=status, headers=headers)


def _store(response: Response) -> Response:
    cache = _cache()
    key = getattr(g, "cache_key", None)
    if cache is None or key is None or response.status_code != 200 or response.direct_passthrough:
        return response
    if "Set-Cookie" in response.headers:
        return response
    body = response.get_data()
    if len(body) <= MAX_BODY:
        cache.put(key, (body, response.status_code, list(response.headers.items())))
    return response


def invalidate() -> None:
    c = current_app.extensions.get("cancu.cache")
    if c is not None:
        c.bump()


def init_app(app: Flask) -> None:
    app.extensions["cancu.cache"] = ResponseCache(int(app.config.get("RESPONSE_CACHE_SIZE", 512)))
    app.before_request(_lookup)
    app.after_request(_store)


# ------------------------------------------------------------------ per checkpoint
T = TypeVar("T")
KEEP_CHECKPOINTS = 2      # the current one, and the one requests already under way may still read


class CheckpointMemo:
    """Values by (checkpoint, name) for one services object, the last few checkpoints kept."""

    def __init__(self):
        self.lock = threading.Lock()
        self.values: OrderedDict[tuple, dict[str, Any]] = OrderedDict()
        self.computing: dict[str, threading.Lock] = {}

    def peek(self, key: tuple, name: str) -> tuple[bool, Any]:
        with self.lock:
            found = self.values.get(key)
            if found is None or name not in found:
                return False, None
            self.values.move_to_end(key)
            return True, found[name]

    def get(self, key: tuple, name: str, compute: Callable[[], T]) -> T:
        hit, value = self.peek(key, name)
        if hit:
            return value
        with self.lock:
            guard = self.computing.setdefault(name, threading.Lock())
        # One thread computes (at 10k documents that can take seconds); the others wait for it.
        with guard:
            hit, value = self.peek(key, name)
            if hit:
                return value
            value = compute()
            with self.lock:
                self.values.setdefault(key, {})[name] = value
                self.values.move_to_end(key)
                while len(self.values) > KEEP_CHECKPOINTS:
                    self.values.popitem(last=False)
            return value


# By services object: each test (and each app) brings its own, and a new one starts empty.
_MEMOS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_MEMOS_LOCK = threading.Lock()


def checkpoint(services: Services) -> tuple:
    """What data read through `services` depends on: the checkpoint and, for a
    writable store whose name stays the same, this app's upload generation."""
    c = current_app.extensions.get("cancu.cache") if has_app_context() else None
    return services.checkpoint_id(), (c.generation if c is not None else 0)


def per_checkpoint(services: Services, name: str, compute: Callable[[], T]) -> T:
    key = checkpoint(services)
    try:
        with _MEMOS_LOCK:
            memo = _MEMOS.get(services)
            if memo is None:
                memo = _MEMOS[services] = CheckpointMemo()
    except TypeError:           # an object without weak references or a hash: no memo
        return compute()
    return memo.get(key, name, compute)
