"""What a nurse sees of a dialing error: the plain reason, with the server's own words, addresses,
keys and phone numbers left out. The full text stays on the CallRecord (read-only admin), where
administrators look when they fix the clinic's setup.

"LiveKit refused to dispatch the agent (unauthenticated: invalid API key APIa1b2...): check
LIVEKIT_API_KEY and LIVEKIT_API_SECRET." becomes "LiveKit refused to dispatch the agent: check
LIVEKIT_API_KEY and LIVEKIT_API_SECRET."
"""

from __future__ import annotations

import re

NURSE_ERROR_MAX = 240

_URL_RE = re.compile(r"\b(?:https?|wss?|sips?|tcp|udp)://\S+|\bsips?:[^\s,;)]+", re.IGNORECASE)
_EMAIL_RE = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_HOST_PORT_RE = re.compile(r"\b(?:\d{1,3}(?:\.\d{1,3}){3}|[a-z0-9-]+(?:\.[a-z0-9-]+)+)(?::\d{2,5})?\b", re.IGNORECASE)
_PHONE_RE = re.compile(r"\+?\d[\d\s().-]{5,}\d")
# LiveKit API keys (API...), SIP trunk ids (ST_...), JWTs, and any long mixed letter-digit token.
_KEY_RE = re.compile(
    r"\b(?:API[A-Za-z0-9]{6,}|ST_[A-Za-z0-9]+|eyJ[\w-]+\.[\w-]+\.[\w-]*|(?=[A-Za-z_-]*\d)(?=\d*[A-Za-z])[\w-]{16,})\b"
)
# A parenthesis holding "code: server text" or "ExceptionName: text": the server's words.
_RAW_PAREN_RE = re.compile(r"\s*\([^()]*:[^()]*\)")
_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+")
_SETTING_RE = re.compile(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b")


def _clause_is_advice(text: str) -> bool:
    return text.lstrip().lower().startswith(("check ", "ask ", "set ", "the call "))


def mask_sensitive(text: str) -> str:
    """Addresses, e-mail addresses, keys and phone numbers replaced by a word in brackets."""
    text = _URL_RE.sub("[address]", text or "")
    text = _EMAIL_RE.sub("[address]", text)
    text = _KEY_RE.sub(lambda m: m.group(0) if _SETTING_RE.fullmatch(m.group(0)) else "[key]", text)
    text = _PHONE_RE.sub("[number]", text)
    return _HOST_PORT_RE.sub(lambda m: "[address]" if _looks_like_host(m.group(0)) else m.group(0), text)


def _looks_like_host(token: str) -> bool:
    # "e.g." or a version "1.2" are not hosts; a dotted name with a letter-only last label or an IP is.
    head = token.split(":", 1)[0]
    labels = head.split(".")
    if all(label.isdigit() for label in labels):
        return len(labels) == 4
    return len(labels) >= 2 and labels[-1].isalpha() and len(labels[-1]) >= 2 and len(head) > 5


def nurse_error_text(raw: str | None) -> str:
    """The plain reason of a dialing error, safe to show on the portal's pages."""
    if not raw:
        return ""
    kept: list[str] = []
    for sentence in _SENTENCE_RE.split(" ".join(raw.split())):
        sentence = _RAW_PAREN_RE.sub("", sentence)
        head, *rest = sentence.split(": ")
        clauses = [head] + [clause for clause in rest if _clause_is_advice(clause)]
        text = ": ".join(part.strip() for part in clauses if part.strip())
        if text:
            kept.append(text if text.endswith((".", "!", "?")) else text + ".")
    text = mask_sensitive(" ".join(kept))
    if len(text) > NURSE_ERROR_MAX:
        text = text[: NURSE_ERROR_MAX - 1].rsplit(" ", 1)[0] + "…"
    return text
