"""`python -m agent_worker [--agent followup|callback|all] dev|start|console`.

`all` (the default for dev/start) runs the outbound follow-up agent here and the inbound
callback agent in a child process: one AgentServer serves one agent name. Missing keys
stop the worker before it registers, with a message naming them.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

from agent_worker.config import ConfigError, WorkerConfig


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(prog="python -m agent_worker", add_help=False)
    parser.add_argument("--agent", choices=["followup", "callback", "all"], default="all")
    known, rest = parser.parse_known_args(argv)
    command = rest[0] if rest else ""
    try:
        cfg = WorkerConfig.from_env()
        cfg.require_live()
        if command in ("dev", "start") and (missing := cfg.missing_livekit_settings()):
            raise ConfigError("The worker cannot register with LiveKit: set " + ", ".join(missing) + ".")
        if known.agent in ("callback", "all") and command != "console" and not cfg.service_key:
            if known.agent == "callback":
                raise ConfigError("Set AGENT_SERVICE_KEY (the same value as the portal's) to answer inbound calls.")
            print("AGENT_SERVICE_KEY is not set: inbound callbacks are off, outbound calls only.", file=sys.stderr)
            known.agent = "followup"
    except ConfigError as exc:
        print(f"agent_worker: {exc}", file=sys.stderr)
        return 2

    from livekit.agents import cli

    from agent_worker.worker import make_server

    child = None
    role = known.agent
    if role == "all":
        role = "followup"
        if command in ("dev", "start"):
            child = subprocess.Popen(  # noqa: S603 (our own module, fixed arguments)
                [sys.executable, "-m", "agent_worker", "--agent", "callback", *rest], env=dict(os.environ)
            )
    sys.argv = [sys.argv[0], *rest]
    server = make_server(role, cfg)
    exit_code = 0
    try:
        cli.run_app(server)
    except SystemExit as exc:  # the CLI (typer) always ends with sys.exit
        exit_code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    finally:
        if child is not None:
            child.terminate()
            child.wait(timeout=10)
    # livekit-agents logs "worker failed" and returns normally once it gives up reconnecting;
    # exit non-zero so a supervisor restarts us instead of taking it for a clean stop.
    if getattr(server, "_connection_failed", False):
        print("agent_worker: gave up connecting to LiveKit; check LIVEKIT_URL, the key and secret.", file=sys.stderr)
        return 1
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
