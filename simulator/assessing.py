"""Code and score transcripts as a stream: one event per coach reply, one per session.

Nothing but the current session's scorer is held, so memory stays flat however long the input.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

from simulator.errors import InputError
from simulator.rubric import Coder, Coding, Conversation, Rubric, Scorer, SessionScore
from simulator.sources import read_sessions

if TYPE_CHECKING:
    from simulator.review import Verdicts
    from simulator.verdicts import Verdict


@dataclass(frozen=True)
class CodedReply:
    """A coach reply and its coding, keyed by the input's own session id and turn."""

    session_id: str
    turn: str | int
    text: str
    coding: Coding
    #: The trainer's verdict when one overrode the engine (``coding`` then holds their codes).
    override: "Verdict | None" = None
    #: The engine's own coding, kept when a verdict replaced it.
    engine: Coding | None = None


@dataclass(frozen=True)
class ScoredSession:
    """A whole session's score, after all its replies."""

    session_id: str
    trainee: str | None
    path: str
    replies: int
    score: SessionScore
    #: Trainer verdicts that changed this session's codes (and so its score).
    overrides: tuple["Verdict", ...] = ()


def assess(paths: Iterable[str | Path], rubric: Rubric,
           verdicts: "Verdicts | None" = None) -> Iterator[CodedReply | ScoredSession]:
    """Yield each coach reply as it is coded, then its session's score. A trainer's verdict
    on a reply (``verdicts``) replaces the engine's codes before scoring."""
    coder = Coder(rubric)
    sessions = 0
    for transcript in read_sessions(paths):
        conversation = Conversation(coder)
        scorer = Scorer(rubric)
        replies = 0
        overrides: list["Verdict"] = []
        for utterance in transcript.utterances:
            if utterance.speaker == "client":
                conversation.patient(utterance.text)
                continue
            replies += 1
            coding = conversation.coach(utterance.text)
            engine, override = coding, None
            if verdicts:
                coding, verdict = verdicts.apply(transcript.session_id, utterance.turn, engine,
                                                 utterance.text)
                if coding is not engine:
                    override = verdict
                    overrides.append(verdict)
            scorer.add(utterance.turn, coding, utterance.text)
            yield CodedReply(transcript.session_id, utterance.turn, utterance.text, coding,
                             override, engine if override else None)
        if replies == 0:
            raise InputError(f"session {transcript.session_id!r} has no coach turns; check the "
                             "speaker column (coach, therapist, trainee...)", transcript.path)
        sessions += 1
        yield ScoredSession(transcript.session_id, transcript.trainee, transcript.path,
                            replies, scorer.result(), tuple(overrides))
    if sessions == 0:
        raise InputError("no transcript rows found; give CSV or JSONL files with "
                         "session_id, speaker, text")
