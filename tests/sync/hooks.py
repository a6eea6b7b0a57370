"""A transport that runs test code at exact points of a sync, so interleavings a person
would produce by chance (an admin's move between the push and the pull, an edit typed
between two pull pages) happen every time, in a known order."""

from __future__ import annotations

from collections.abc import Callable

from sync.transport import Transport

Before = Callable[[str, dict], None]
After = Callable[[str, dict, dict], None]


class HookTransport(Transport):
    """``before`` hooks run before a request is sent, ``after`` hooks once its answer is
    in but before the engine uses it; each gets the path and body (and the answer)."""

    def __init__(self, base_url: str):
        super().__init__(base_url)
        self.before: list[Before] = []
        self.after: list[After] = []
        self.log: list[str] = []  # the paths requested, in order

    def request(self, method, path, body, token, **kw):
        for hook in list(self.before):
            hook(path, body or {})
        result = super().request(method, path, body, token, **kw)
        self.log.append(path)
        for hook in list(self.after):
            hook(path, body or {}, result)
        return result


def once(hook):
    """Wrap a hook so it runs the first time its condition holds (it returns True), then never."""
    done = False

    def run(*args):
        nonlocal done
        if not done and hook(*args):
            done = True

    return run
