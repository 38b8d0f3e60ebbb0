"""Copying a batch into the evaluation data (triage_import_batch) and scoring it by name (triage_eval): lines are
checked by the loaders' checker, repeats and id clashes dropped, and a held-out batch scored without its misses."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from calls.triage.evaluation import report
from calls.triage.evaluation.batch_import import batch_import
from calls.triage.evaluation.split import DatasetError, batch, batch_names


def _line(id: str, text: str, tier: str = "none", key: str | None = None, context: str = "benign") -> str:
    row = {"id": id, "text": text, "tier": tier, "key": key, "context": context, "style": "caregiver"}
    return json.dumps(row) + "\n"


@pytest.fixture
def data_dir(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "utterances.jsonl").write_text(_line("u1", "When can I shower?") + _line("u2", "I feel fine"))
    return data


def test_it_keeps_new_lines_nulls_none_keys_and_drops_repeats_and_id_clashes(tmp_path, data_dir):
    source = tmp_path / "batch.jsonl"
    source.write_text(
        _line("b1", "my calf is hot and swollen", "urgent", "blood_clot", "affirmed")
        + _line("b2", "  when can I SHOWER? ")  # another file's text, casefolded and stripped
        + _line("u1", "a new text with a taken id")
        + _line("b3", "is it normal to itch", key="none")
        + _line("b4", "Is it normal to itch")  # repeats this batch's own line
    )
    result = batch_import(
        source=source, destination=data_dir / "utterances_dev_fresh9.jsonl", language="en", data_dir=data_dir
    )
    assert (result.kept, result.nulled_keys, result.repeated_text, result.clashing_id) == (2, 1, ["b2", "b4"], ["u1"])
    written = [json.loads(line) for line in (data_dir / "utterances_dev_fresh9.jsonl").read_text().splitlines()]
    assert [row["id"] for row in written] == ["b1", "b3"]
    assert written[1]["key"] is None and list(written[0]) == ["id", "text", "tier", "key", "context", "style"]


def test_a_line_the_checker_refuses_stops_the_copy_and_writes_nothing(tmp_path, data_dir):
    source = tmp_path / "batch.jsonl"
    source.write_text(_line("b1", "fine") + _line("b2", "my chest hurts", "urgent", "chest_pain", "affirmed"))
    destination = data_dir / "utterances_dev_fresh9.jsonl"
    with pytest.raises(DatasetError, match=r"batch\.jsonl line 2 \(b2\): key chest_pain is tier emergent"):
        batch_import(source=source, destination=destination, language="en", data_dir=data_dir)
    assert not destination.exists()


def test_triage_eval_offers_every_registered_batch_and_lists_misses_for_development_ones_only(monkeypatch):
    scored = []
    monkeypatch.setattr(report, "run", lambda half, rows=None, *, language="en", words_only=False: (half, language))
    monkeypatch.setattr(report, "render", lambda ran, list_misses: scored.append((*ran, list_misses)) or "")
    for name in batch_names():
        call_command("triage_eval", "--half", name, stdout=io.StringIO())
    assert ("dev_fresh7", "en", True) in scored and ("fresh7", "es", True) in scored
    assert ("holdout_fresh8", "en", False) in scored and ("holdout_fresh8", "es", False) in scored
    assert all(listed is not batch(name, language).held_out for name, language, listed in scored)
    scored.clear()
    call_command("triage_eval", "--set", "extra", stdout=io.StringIO())
    assert scored == [("dev_extra", "es", True)]
    with pytest.raises(CommandError, match="registered for"):
        call_command("triage_eval", "--half", "fresh7", "--language", "en")
