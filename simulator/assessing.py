"""Code and score transcripts as a stream: one event per coach reply, one per session.

Nothing but the current session's scorer is held, so memory stays flat however long the input.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from simulator.errors import InputError
from simulator.rubric import Coder, Coding, Rubric, Scorer, SessionScore
from simulator.transcripts import read_sessions


@dataclass(frozen=True)
class CodedReply:
    """A coach reply and its coding, keyed by the input's own session id and turn."""

    session_id: str
    turn: str | int
    text: str
    coding: Coding


@dataclass(frozen=True)
class ScoredSession:
    """A whole session's score, after all its replies."""

    session_id: str
    trainee: str | None
    path: str
    replies: int
    score: SessionScore


def assess(paths: Iterable[str | Path], rubric: Rubric) -> Iterator[CodedReply | ScoredSession]:
    """Yield each coach reply as it is coded, then its session's score."""
    coder = Coder(rubric)
    sessions = 0
    for transcript in read_sessions(paths):
        conversation = coder.conversation()
        scorer = Scorer(rubric)
        replies = 0
        for utterance in transcript.utterances:
            if utterance.speaker == "client":
                conversation.patient(utterance.text)
                continue
            replies += 1
            coding = conversation.coach(utterance.text)
            scorer.add(utterance.turn, coding, utterance.text)
            yield CodedReply(transcript.session_id, utterance.turn, utterance.text, coding)
        if replies == 0:
            raise InputError(f"session {transcript.session_id!r} has no coach turns; check the "
                             "speaker column (coach, therapist, trainee...)", transcript.path)
        sessions += 1
        yield ScoredSession(transcript.session_id, transcript.trainee, transcript.path,
                            replies, scorer.result())
    if sessions == 0:
        raise InputError("no transcript rows found; give CSV or JSONL files with "
                         "session_id, speaker, text")
