"""Which rubric rules and phrases fire on which AnnoMI transcripts (a benchmark, not a test).

    python benchmarks/rule_firing.py [--data PATH] [--rubric core] [--all] [--code judgement]

A phrase or rule is admitted to the rubric only when it fires in at least two transcripts of the
tuning part, or comes from a public definition or language guide named in its comment. This
lists, for every rule of every code (each phrase of a phrase rule, each pattern rule as a whole),
in how many tuning transcripts and in how many dev transcripts it gave a code, reading both the
punctuated text and the unpunctuated copy. By default only the suspects are listed: those that
fire somewhere in the dev file but in fewer than two tuning transcripts (fitted to the dev file
rather than to the language). ``--all`` lists every phrase that fires. Nothing of the data's
text is printed, only the rubric's own phrases.
"""
from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.rubric_annomi import DEFAULT, read, split, strip_punctuation  # noqa: E402
from simulator.rubric import Coder, Conversation, load_rubric  # noqa: E402
from simulator.rubric.patterns import phrase_key  # noqa: E402


def rule_phrases(rubric) -> dict[tuple[str, str], dict[str, str]]:
    """(code family, rule id) -> phrase key -> phrase, for every phrase rule."""
    out: dict[tuple[str, str], dict[str, str]] = {}
    for code, spec in rubric.codes.items():
        for rule in spec.rules:
            keys = out.setdefault((code.split(".")[0], rule.id), {})
            for phrase in (*rule.phrases, *rule.swap):
                keys.setdefault(phrase_key(phrase), phrase)
    return out


def fired(evidence, phrases: dict[tuple[str, str], dict[str, str]]) -> tuple[str, str, str] | None:
    """(family, rule, phrase or "(pattern)") a piece of evidence came from, if a rubric rule."""
    head, _, matched = evidence.rule.partition(":")
    family, _, rule = head.partition(".")
    if head == evidence.code:  # "question.open:open_request": a sentence-start rule
        family, rule, matched = head.split(".")[0], matched, evidence.matched
    known = phrases.get((family, rule))
    if known is None:
        return None
    if not any(known):
        return family, rule, "(pattern)"
    words = matched.lower().split()
    for n in range(len(words), 0, -1):  # the longest rule phrase the span starts with
        phrase = known.get(phrase_key(" ".join(words[:n])))
        if phrase:
            return family, rule, phrase
    return family, rule, "(grammar or typo: no phrase of the rule starts the span)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(DEFAULT))
    parser.add_argument("--rubric", default="core")
    parser.add_argument("--all", action="store_true", help="every phrase that fires, not only suspects")
    parser.add_argument("--code", help="only this code family (judgement, advice, question...)")
    args = parser.parse_args()
    sessions = read(Path(args.data))
    part = split(sessions)
    rubric = load_rubric(args.rubric)
    coder = Coder(rubric)
    phrases = rule_phrases(rubric)
    where: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for tid, rows in sessions.items():
        for unpunctuated in (False, True):
            conv = Conversation(coder)
            for row in rows:
                text = strip_punctuation(row["utterance_text"]) if unpunctuated else row["utterance_text"]
                if row["interlocutor"] != "therapist":
                    conv.patient(text)
                    continue
                for ev in conv.coach(text).evidence:
                    key = fired(ev, phrases)
                    if key:
                        where[key].add(tid)
    print(f"{'tuning':>6} {'dev':>4}  rule: phrase")
    for key in sorted(where, key=lambda k: (k[0], k[1], sum(part[t] == 'tuning' for t in where[k]), k[2])):
        if args.code and key[0] != args.code:
            continue
        tuning = sum(part[t] == "tuning" for t in where[key])
        if args.all or tuning < 2:
            print(f"{tuning:>6} {len(where[key]):>4}  {key[0]}.{key[1]}: {key[2]}")


if __name__ == "__main__":
    main()
