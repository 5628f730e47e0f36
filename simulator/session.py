"""The practice session: one core that every front end drives.

``Session.submit(text)`` codes the trainee's reply with the rubric, lets the persona react,
hands the turn to the recorder (the SQLite store commits it) and only then returns it, so a
turn that was shown is a turn that was saved. The Textual app, ``coachsim play``, the browser
and the tests all go through here.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Protocol, Sequence

from simulator.errors import InputError
from simulator.persona import PatientTurn, Persona
from simulator.rubric import MAX_CHARS, Coder, Coding, Conversation, Scorer, SessionScore, load_rubric

if TYPE_CHECKING:
    from simulator.rubric import Rubric
    from simulator.scenario import LoadedScenario


class SessionEnded(RuntimeError):
    """A reply was submitted after the conversation had ended."""


@dataclass(frozen=True)
class TurnResult:
    """One coach reply, how it was coded, and the patient's answer."""

    turn: int
    coach: str
    coding: Coding
    patient: PatientTurn

    @property
    def ended(self) -> str | None:
        return self.patient.ended


@dataclass(frozen=True)
class SessionInfo:
    """What identifies a session, enough to rebuild it by replaying its replies."""

    scenario_id: str
    scenario_title: str
    rubric: str
    seed: int
    assessment: bool
    trainee: str | None
    started_at: str
    #: Where it sits in a journey: the appointment (1 is the first), the opening a follow-up
    #: took, and the record it opened from (JSON-ready; see ``simulator.journey``).
    appointment: int = 1
    opened: str | None = None
    carried_in: dict | None = None
    #: The store's id of the journey's first appointment (None before it is stored).
    journey: int | None = None


@dataclass(frozen=True)
class Rework:
    """A reply worth practising again, with a better version."""

    turn: int
    text: str
    codes: tuple[str, ...]
    why: str
    rewrite: str


@dataclass(frozen=True)
class SessionReport:
    """The end-of-session report: the score and what to work on, tied to the replies."""

    info: SessionInfo
    score: SessionScore
    turns: tuple[TurnResult, ...]
    ended: str | None
    minutes: float
    rework: tuple[Rework, ...] = field(default=())

    def to_dict(self) -> dict:
        """JSON-ready form (for the store and exports)."""
        return {
            "scenario_id": self.info.scenario_id,
            "scenario_title": self.info.scenario_title,
            "rubric": self.info.rubric,
            "seed": self.info.seed,
            "assessment": self.info.assessment,
            "trainee": self.info.trainee,
            "started_at": self.info.started_at,
            "appointment": self.info.appointment,
            "ended": self.ended,
            "minutes": round(self.minutes, 1),
            "turns": len(self.turns),
            **self.score.to_dict(),
            "rework": [r.__dict__ | {"codes": list(r.codes)} for r in self.rework],
        }


class Recorder(Protocol):
    """Where turns go as they happen (the SQLite store implements it)."""

    def begin(self, info: SessionInfo, opening: PatientTurn) -> None: ...

    def record(self, result: TurnResult) -> None: ...

    def end(self, report: SessionReport) -> None: ...


#: Problem codes worth reworking, most serious first.
_REWORK_ORDER = ("judgement", "advice.unsolicited", "question.closed")


class Session:
    """A conversation between a trainee and a scenario's persona."""

    def __init__(
        self,
        loaded: "LoadedScenario",
        *,
        rubric: "Rubric | str" = "core",
        coder: Coder | None = None,
        seed: int = 0,
        assessment: bool = False,
        trainee: str | None = None,
        recorder: Recorder | None = None,
        started_at: str | None = None,
        appointment: int = 1,
        opened: str | None = None,
        carried_in: dict | None = None,
        journey: int | None = None,
    ) -> None:
        self.loaded = loaded
        self.rubric = load_rubric(rubric) if isinstance(rubric, str) else rubric
        self.coder = coder or Coder(self.rubric)
        self.info = SessionInfo(
            scenario_id=loaded.scenario.id,
            scenario_title=loaded.scenario.title,
            rubric=self.rubric.name,
            seed=seed,
            assessment=assessment,
            trainee=trainee,
            started_at=started_at or datetime.now(timezone.utc).isoformat(timespec="seconds"),
            appointment=appointment,
            opened=opened,
            carried_in=carried_in,
            journey=journey,
        )
        self.persona = Persona(loaded, seed)
        self.opening = self.persona.open()
        self._conversation = Conversation(self.coder)
        self._conversation.patient(self.opening.line)
        self._scorer = Scorer(self.rubric)
        self.turns: list[TurnResult] = []
        self._clock = time.monotonic()
        #: Practice time before this process took over (a resumed session).
        self._earlier_minutes = 0.0
        self._recorder = recorder
        if recorder is not None:
            recorder.begin(self.info, self.opening)

    @property
    def ended(self) -> str | None:
        """``None`` while the conversation goes on, else how it ended."""
        return self.persona.ended

    @property
    def last_patient(self) -> PatientTurn:
        return self.turns[-1].patient if self.turns else self.opening

    def submit(self, text: str) -> TurnResult:
        """Code the reply, let the patient answer, record the turn, and return it."""
        if not text or not text.strip():
            raise InputError("the reply is empty; write what you would say to the person")
        self._check_open()
        return self._answer(self._conversation.coach(text[:MAX_CHARS]), text)

    def apply(self, coding: Coding, text: str | None = None) -> TurnResult:
        """Drive the persona with an already-coded reply (scripted moves, replays, reviews)."""
        self._check_open()
        # Coded elsewhere: the conversation context still needs the coach's turn.
        self._conversation.record(coding)
        return self._answer(coding, coding.text if text is None else text)

    def _check_open(self) -> None:
        if self.ended:
            raise SessionEnded(f"the conversation has ended ({self.ended.replace('_', ' ')})")

    def _answer(self, coding: Coding, text: str) -> TurnResult:
        patient = self.persona.react(coding.codes, text)
        self._conversation.patient(patient.line)
        result = TurnResult(len(self.turns) + 1, text, coding, patient)
        self._scorer.add(result.turn, coding, result.coach)
        if self._recorder is not None:
            try:
                self._recorder.record(result)
            except BaseException:
                self._rewind()  # not stored, so not said: the same reply can be sent again
                raise
        self.turns.append(result)
        return result

    def _rewind(self) -> None:
        """Put the patient, the conversation and the running score back to the last stored
        turn, by replaying the stored replies (the persona is deterministic)."""
        again = Session(self.loaded, rubric=self.rubric, coder=self.coder, seed=self.info.seed,
                        started_at=self.info.started_at)
        for result in self.turns:
            again.submit(result.coach)
        self.persona, self._conversation, self._scorer = (
            again.persona, again._conversation, again._scorer)

    def hint(self) -> str:
        """A better next move, drawn from the rubric and the conversation so far."""
        return self._conversation.hint()

    def score(self) -> SessionScore:
        """The running score (the app's live metrics)."""
        return self._scorer.result()

    def finish(self) -> SessionReport:
        """Score the session and pick the replies most worth reworking."""
        report = SessionReport(
            info=self.info,
            score=self._scorer.result(),
            turns=tuple(self.turns),
            ended=self.ended,
            minutes=self._earlier_minutes + (time.monotonic() - self._clock) / 60,
            rework=tuple(worth_reworking(self.turns)),
        )
        if self._recorder is not None:
            self._recorder.end(report)
        return report

    @classmethod
    def restore(
        cls,
        loaded: "LoadedScenario",
        info: SessionInfo,
        replies: Sequence[str],
        *,
        coder: Coder | None = None,
        recorder: Recorder | None = None,
        minutes_before: float = 0.0,
    ) -> "Session":
        """Rebuild a session by replaying its saved replies (the persona is deterministic).

        The recorder, if any, is attached only after the replay so nothing is written twice.
        ``minutes_before`` is the practice time already spent, so the log counts it and not
        the gap while the session lay cut off.
        """
        session = cls(loaded, rubric=info.rubric, coder=coder, seed=info.seed,
                      assessment=info.assessment, trainee=info.trainee,
                      started_at=info.started_at, appointment=info.appointment,
                      opened=info.opened, carried_in=info.carried_in, journey=info.journey)
        for text in replies:
            if session.ended:
                break
            session.submit(text)
        session._recorder = recorder
        session._earlier_minutes = minutes_before
        session._clock = time.monotonic()
        return session


def worth_reworking(turns: Sequence[TurnResult], limit: int = 3) -> list[Rework]:
    """The replies most worth practising again: problems first, each with a suggested rewrite."""
    candidates: list[tuple[int, int, Rework]] = []
    for result in turns:
        for rank, code in enumerate(_REWORK_ORDER):
            if not result.coding.has(code):
                continue
            evidence = next((e for e in result.coding.evidence if e.code == code and e.rewrite), None)
            if evidence is None:
                continue
            candidates.append((rank, result.turn, Rework(
                result.turn, result.coach, result.coding.codes, evidence.feedback, evidence.rewrite)))
            break
    candidates.sort(key=lambda c: (c[0], c[1]))
    return [c[2] for c in candidates[:limit]]
