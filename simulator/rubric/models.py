"""The rubric language: typed, validated models of ``rubrics/*.yaml``.

A rubric says how replies are coded (phrases and a few guarded patterns per code, the feedback a
trainee sees, rewrite templates for problems) and how a session is scored (weights, targets and
competency bands). Trainers edit these files, so every model forbids unknown keys.
"""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel

Name = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", description="lower_snake_case name")]
Phrase = Annotated[str, Field(min_length=1, max_length=120)]
Text = Annotated[str, Field(min_length=1, max_length=600)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Rule(_Strict):
    """One way a code shows itself in a reply: phrases (typo-tolerant) or a guarded pattern."""

    id: Name = Field(description="names the rule in evidence, e.g. judgement.directive")
    phrases: list[Phrase] = Field(
        default_factory=list,
        description="whole words or phrases, lower case; ' and - are optional when matching")
    swap: dict[Phrase, Phrase] = Field(
        default_factory=dict,
        description="phrase -> words to say instead; the phrases also detect the rule and the "
        "rewrite swaps them in the reply")
    pattern: str | None = Field(
        default=None, max_length=1000,
        description="a regular expression over the lower-cased reply (no nested quantifiers)")
    at: str = Field(default="anywhere", pattern=r"^(anywhere|start)$",
                    description="'start': the phrases or pattern only where a sentence starts, after fillers")
    feedback: Text | None = Field(default=None, description="why the reply got this code")
    rewrite: Text | None = Field(
        default=None,
        description="a suggested rewrite; may use {rest} (the words after the phrase), "
        "{clause} (the phrase and the words after it), {gerund} (the words after it, first verb "
        "ending -ing), {sentence}, and {patient} (the "
        "person's last words as a reflection stem)")


class CodeSpec(_Strict):
    """How one code is detected and explained."""

    feedback: Text = Field(description="what the trainee sees when a reply gets this code")
    rewrite: Text | None = Field(default=None, description="default rewrite for problem codes")
    rewrites: dict[Name, Text] = Field(
        default_factory=dict,
        description="rewrites for reasons the sentence grammar finds (tag, rising...), before the "
        "default; may use {statement} (the sentence without its tag or question mark)")
    reasons: dict[Name, Text] = Field(
        default_factory=dict,
        description="feedback for reasons the sentence grammar finds (wh, yes_no, tag, stem, "
        "rising, overlap, double_sided, feeling...)")
    rules: list[Rule] = Field(
        default_factory=list,
        description="for questions, 'start' rules are checked before the grammar: open ones "
        "first (tell me), then closed ones (how many)")


class Grammar(_Strict):
    """Word lists the coder's sentence grammar uses (questions, reflections, fillers)."""

    fillers: list[Phrase] = Field(description="words skipped at the start of a sentence (okay, so, um)")
    backchannels: list[Phrase] = Field(description="short sounds that are not questions even with '?'")
    wh_words: list[Phrase] = Field(description="question words that start an open question")
    auxiliaries: list[Phrase] = Field(description="verbs that start a yes/no question (do, are, could)")
    subjects: list[Phrase] = Field(description="words that may follow an auxiliary in a question")
    tags: list[Phrase] = Field(description="tag endings that make a statement a question (isn't it, right)")
    reflection_stems: list[Phrase] = Field(description="sentence starts that say back (so you, it sounds like)")
    not_reflections: list[Phrase] = Field(
        description="sentence starts about the coach or the meeting, not the person (i, let's, thanks)")
    reflection_min_words: int = Field(
        default=4, ge=1, le=50,
        description="a statement at least this long, not otherwise coded, counts as a reflection")
    complex_markers: list[Phrase] = Field(description="words that add feeling or meaning, or are double-sided")
    advice_requests: list[Phrase] = Field(description="what a person says when asking for advice")
    yes_words: list[Phrase] = Field(description="how a person grants permission")
    no_words: list[Phrase] = Field(description="how a person declines")
    stopwords: list[Phrase] = Field(description="words ignored when comparing a reply with the person's words")


#: The public language guides a judgement lexicon entry may name as its source.
Source = Literal["Language Matters 2018", "NIDA Words matter", "VA weight language", "Dickinson 2017",
                 "MITI confront"]
#: What a judgement lexicon entry's words do, each read in its own sentence frames.
LexiconKind = Literal["label", "character", "put_down", "accusing", "moralising", "warning", "results"]


class LexiconEntry(_Strict):
    """Words of one kind of judgement from one public guide."""

    words: list[str] = Field(min_length=1, description="lower-case words or short phrases")
    source: Source = Field(description="the public guide the words come from")


class LexiconGroup(_Strict):
    """One kind of judgement: what the trainee reads, and the words with their sources."""

    feedback: Text = Field(description="why a reply with one of these words got judgement")
    rewrite: Text | None = Field(default=None, description="a suggested rewrite (placeholders as for rules)")
    entries: list[LexiconEntry] = Field(min_length=1)


class Typos(_Strict):
    """Typo tolerance: words of at least ``min_length`` letters one edit from a rubric word."""

    min_length: int = Field(default=5, ge=3, le=12)
    not_typos: list[Phrase] = Field(
        default_factory=list, description="real words that are one edit from a rubric word (complaint)")


class Band(_Strict):
    """The bar for a competency band; every condition must hold."""

    min_score: int = Field(ge=0, le=100)
    reflection_question_ratio: float = Field(ge=0, description="reflections per question, at least")
    complex_reflection_share: float = Field(ge=0, le=1, description="complex / all reflections, at least")
    open_question_share: float = Field(ge=0, le=1, description="open / all questions, at least")
    max_judgement: int = Field(ge=0)
    max_unsolicited_advice: int = Field(ge=0)
    goal: bool = Field(default=False, description="a goal must have been elicited")
    min_replies: int = Field(default=4, ge=0, description="shorter sessions cannot reach the band")


class Weights(_Strict):
    """Points (out of 100 before penalties) for each part of the score."""

    reflection_ratio: float = Field(ge=0)
    complex_share: float = Field(ge=0)
    open_share: float = Field(ge=0)
    goal: float = Field(ge=0)
    adherent: float = Field(ge=0, description="affirmation, autonomy, permission")
    variety: float = Field(ge=0, description="questions and reflections both used")
    judgement_penalty: float = Field(
        ge=0, le=100, description="percent of the points lost per 10% of replies coded judgement")
    advice_penalty: float = Field(
        ge=0, le=100,
        description="percent of the points lost per 10% of replies with unsolicited advice (and no judgement)")
    telling_penalty: float = Field(
        default=0, ge=0, le=100,
        description="percent of the points lost per 10% of replies that only tell (information or "
        "advice, no open question): lecturing")
    judgement_each: float = Field(ge=0, description="points lost for each judgement")
    advice_each: float = Field(ge=0, description="points lost for each unsolicited advice")
    repair_discount: float = Field(
        default=0.5, ge=0, le=1,
        description="share of a judgement's or advice's cost forgiven when the next reply repairs it "
        "(reflects, affirms, asks permission or hands the choice back)")


class Targets(_Strict):
    """The levels at which a part of the score earns all its points."""

    reflection_question_ratio: float = Field(gt=0)
    complex_reflection_share: float = Field(gt=0, le=1)
    open_question_share: float = Field(gt=0, le=1)
    adherent_per_10_replies: float = Field(gt=0)


class Scoring(_Strict):
    weights: Weights
    targets: Targets
    bands: dict[Name, Band] = Field(description="competency bands, checked from the highest min_score down")
    below: str = Field(default="below fair", description="the band when none is met")
    explore_before_goal: int = Field(default=3, ge=0,
                                     description="exploring replies expected before the goal question")


class Hints(_Strict):
    """Templates for the practice app's hint key."""

    reflect: Text = Field(description="offered after replies without a reflection; {stem} is the person's words")
    scale: Text = Field(description="offered when exploring has gone on without a goal")
    open: Text = Field(description="offered after closed questions")
    advice_asked: Text = Field(description="offered when the person asks what to do")
    repair: Text = Field(description="offered after a judgement")
    summary: Text = Field(description="offered after a long stretch of exploring")
    default: Text
    opening: Text = Field(
        default='Open with a question about what they want from today, e.g. "What would you like '
        'to get out of our time together?"',
        description="offered before the coach has said anything")


class NextSteps(_Strict):
    """What a trainee reads as a next step, one per kind of issue.

    Placeholders: {n} (how many replies), {replies} ("1 reply", "3 replies"), {ratio} (reflections
    per question so far), {target}, {complex_target}, {open_target} (the scoring targets)."""

    judgement: Text
    advice: Text
    reflect_more: Text
    open_up: Text
    deepen: Text
    goal: Text
    goal_example: Text = Field(description="the rewrite offered with the goal step")
    goal_early: Text


class Strengths(_Strict):
    """What a trainee reads as a strength, when the session earns it (the same targets as the
    next steps, so the two never disagree).

    Placeholders: {n} (the count, or the reply for the goal), {times} ("once", "3 times"),
    {replies}, {ratio}, {target}, {complex_target}, {open_target}."""

    reflections: Text
    complex: Text
    open: Text
    goal: Text
    adherent: Text
    no_judgement: Text


class Feedback(_Strict):
    """Session-level feedback: next steps and strengths."""

    next_steps: NextSteps
    strengths: Strengths


#: What a session can show about tailoring to a person's activation level (see rubric/tailoring.py).
Measure = Literal["one_small_step", "building_confidence", "no_information_lists",
                  "their_own_plan", "information_on_request"]


class Tailoring(_Strict):
    """The measures a session is held to, by the person's activation level."""

    low: list[Measure] = Field(
        default_factory=lambda: ["one_small_step", "building_confidence", "no_information_lists"],
        description="for activation levels 1-2: one small step, building confidence, no lists of information")
    high: list[Measure] = Field(
        default_factory=lambda: ["their_own_plan", "information_on_request"],
        description="for activation levels 3-4: a plan of their own, information when asked for")


class Rubric(_Strict):
    """A whole rubric: codes, grammar, scoring and hints."""

    id: Name
    title: str = Field(min_length=1)
    description: str = ""
    extends: Name | None = Field(default=None, description="another rubric whose sections this one overrides")
    codes: dict[str, CodeSpec] = Field(description="keyed by code name (see simulator/codes.py)")
    grammar: Grammar
    typos: Typos = Field(default_factory=Typos)
    judgement_lexicon: dict[LexiconKind, LexiconGroup] = Field(
        default_factory=dict,
        description="judgement by kind (label, character, put_down, accusing, moralising, warning, results), "
        "each word read in its kind's frames ('you're a/an ...', 'people like you', 'that's ...', "
        "'you'll ...'); a word the person used themselves, said back, stays a reflection")
    scoring: Scoring
    hints: Hints
    feedback: Feedback
    tailoring: Tailoring = Field(default_factory=Tailoring,
                                 description="measures of tailoring to the activation level")

    @property
    def name(self) -> str:
        """The rubric's id (sessions record it)."""
        return self.id


class Profile(_Strict):
    """A rubric that ``extends`` another: it names itself and replaces whole sections.

    Codes are replaced one by one; any other section given replaces the base's copy, so the
    phrase lists live once, in the base.
    """

    id: Name
    title: str = Field(min_length=1)
    description: str = ""
    extends: Name = Field(description="the rubric this one builds on (a name in the same folder or rubrics/)")
    codes: dict[str, CodeSpec] = Field(default_factory=dict, description="codes whose spec is replaced")
    grammar: Grammar | None = None
    typos: Typos | None = None
    judgement_lexicon: dict[LexiconKind, LexiconGroup] | None = None
    scoring: Scoring | None = None
    hints: Hints | None = None
    feedback: Feedback | None = None
    tailoring: Tailoring | None = None


class RubricFile(RootModel[Rubric | Profile]):
    """What a file in ``rubrics/`` holds: a whole rubric, or a profile that extends one (the schema)."""
