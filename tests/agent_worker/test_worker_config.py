"""The worker refuses to start without its keys, and rejects rooms the portal did not dispatch."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from agent_worker.config import ConfigError, WorkerConfig
from agent_worker.worker import parse_metadata


def test_missing_keys_are_named():
    cfg = WorkerConfig.from_env({"CARTESIA_API_KEY": "c"})
    with pytest.raises(ConfigError, match="OPENAI_API_KEY") as excinfo:
        cfg.require_live()
    assert "CARTESIA_API_KEY" not in str(excinfo.value)


def test_models_and_voice_come_from_the_environment():
    cfg = WorkerConfig.from_env({"AGENT_LLM_MODEL": "gpt-4o", "AGENT_TTS_VOICE": "v-1", "PORTAL_URL": "http://p/"})
    assert (cfg.llm_model, cfg.tts_voice, cfg.portal_url) == ("gpt-4o", "v-1", "http://p")
    assert cfg.followup_agent_name == "postop-followup-agent"
    assert cfg.callback_agent_name == "postop-callback-agent"


def test_the_command_refuses_to_start_without_keys():
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": "."}
    done = subprocess.run(
        [sys.executable, "-m", "agent_worker", "dev"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert "OPENAI_API_KEY and CARTESIA_API_KEY" in done.stderr


def test_metadata_without_a_token_is_rejected():
    with pytest.raises(ConfigError, match="token"):
        parse_metadata(json.dumps({"call_id": 1, "attempt": 1}))
    with pytest.raises(ConfigError, match="not JSON"):
        parse_metadata("")
    assert parse_metadata(json.dumps({"call_id": 1, "attempt": 1, "token": "t"}))["call_id"] == 1


def test_the_worker_imports_no_django_app():
    code = (
        "import sys, agent_worker.worker, agent_worker.simulation, agent_worker.scripted;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'django', 'calls', 'patients', 'orders', 'knowledge', 'postop'}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=".")
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.strip() == "[]"


def test_the_worker_reads_red_flags_with_the_portals_rules_without_django():
    code = (
        "import sys; from agent_worker.triage import triage_locally;"
        "r = triage_locally('I have chest pain and my lips are blue.', callback='two one two');"
        "print(r.tier, r.keys[0], r.say.startswith('Please hang up and call 911 now.'), "
        "sorted(m for m in sys.modules if m.split('.')[0] in {'django', 'patients', 'orders', 'knowledge', 'postop'}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=".")
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.strip() == "emergent chest_pain True []"
