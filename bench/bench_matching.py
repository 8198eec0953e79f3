"""Candidate matching across two cases: time, peak memory, precision and recall on planted duplicates.

    .venv/bin/python -m bench.bench_matching [--persons 100000] [--duplicates 0.05] [--seed 7]
    .venv/bin/python -m bench.bench_matching --start    (match list and the matches page: bench_match_start.py)

Two cases of `--persons` persons each, made here (pure logic: `resolve.candidates` on records,
no Neo4j; reading them from the graph is a separate cost). A share `--duplicates` of case B are
planted copies of persons of case A, each written another way: in Cyrillic, without or with
added diacritics, with a typo, with the name parts swapped, with the birth date cut to the year
or kept, sharing the phone or not. Everyone else is someone new, drawn from the same name pools,
so common names recur with other birth dates (the pairs that must NOT be proposed).

Aims (issue 15): 100,000 against 100,000 in under 60 s and 2 GB; recall >= 0.95 at precision
>= 0.95 at the review threshold.
"""

from __future__ import annotations

import argparse
import random
import resource
import time
from datetime import date, timedelta

from resolve.candidates import REVIEW_THRESHOLD, Identifier, Record, _algorithm, block, candidates

FIRST = ("Oleksandr Andrii Dmytro Serhii Ivan Mykola Vasyl Yurii Petro Taras Bohdan Roman Oleh Ihor Maksym "
         "Volodymyr Viktor Pavlo Artem Denys Ion Marius Andrei Florin Mihai Gheorghe Vasile Constantin Adrian "
         "Iryna Olena Natalia Tetiana Svitlana Oksana Yulia Kateryna Maria Anna Halyna Liudmyla Daria Sofia "
         "Elena Ioana Alina Mariana Cristina Larisa Vera Nadia Zoya Boris Fedir Hryhorii Stepan Leonid "
         "Anatolii Valentyn Kostiantyn Ruslan Vitalii Eduard Arsen Tymofii Yaroslav Nazar Danylo Kyrylo").split()
SYLLABLES = ("ko va len ko chen ko shev chen bon dar mel nyk tka chuk kra vets hon cha ruk lys sen ko "
             "zha dan pet ren ko mo roz sav chuk ho rob ets pop es cu dum it ru stoi ca mun tea nu ion "
             "ta ras mar kov lev chyn hry hor sha pov al ex de rib bur lak fed or yak ov").split()
SURNAME_ENDINGS = ("enko", "chuk", "uk", "yk", "ets", "escu", "eanu", "ov", "ova", "ko", "ak", "yn", "iv")
CYRILLIC = [("shch", "щ"), ("kh", "х"), ("zh", "ж"), ("ch", "ч"), ("sh", "ш"), ("ts", "ц"), ("yu", "ю"),
            ("ya", "я"), ("ye", "є"), ("yi", "ї"), ("a", "а"), ("b", "б"), ("v", "в"), ("h", "г"), ("g", "ґ"),
            ("d", "д"), ("e", "е"), ("z", "з"), ("y", "и"), ("i", "і"), ("k", "к"), ("l", "л"), ("m", "м"),
            ("n", "н"), ("o", "о"), ("p", "п"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("f", "ф"),
            ("c", "к"), ("x", "кс"), ("w", "в"), ("j", "й"), ("q", "к")]
DIACRITICS = {"a": "ă", "s": "ș", "t": "ț", "i": "î", "e": "é", "c": "č", "z": "ž"}


def to_cyrillic(name: str) -> str:
    out = []
    for word in name.lower().split():
        i, letters = 0, []
        while i < len(word):
            for latin, cyr in CYRILLIC:
                if word.startswith(latin, i):
                    letters.append(cyr)
                    i += len(latin)
                    break
            else:
                letters.append(word[i])
                i += 1
        out.append("".join(letters).capitalize())
    return " ".join(out)


def surnames(rng: random.Random, n: int) -> list[str]:
    found: set[str] = set()
    while len(found) < n:
        found.add((rng.choice(SYLLABLES) + rng.choice(SYLLABLES) + rng.choice(SURNAME_ENDINGS)).capitalize())
    return sorted(found)


def person(rng: random.Random, pid: str, case: str, last: list[str]) -> Record:
    born = date(1960, 1, 1) + timedelta(days=rng.randrange(365 * 45))
    phone = f"+380{rng.randrange(10**8, 10**9)}"
    return Record(pid, "Person", frozenset({case}), f"{rng.choice(FIRST)} {rng.choice(last)}", born.isoformat(),
                  "UA", (Identifier("phone", f"phone:{phone}", phone),) if rng.random() < 0.6 else ())


def typo(rng: random.Random, word: str) -> str:
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1] + word[i] + word[i + 2:] if rng.random() < 0.5 else word[:i] + word[i + 1:]


def variant(rng: random.Random, original: Record, pid: str) -> Record:
    """The same person as another case wrote them down."""
    first, last = original.name.split(" ", 1)
    how = rng.choice(("cyrillic", "diacritics", "typo", "swap", "same"))
    if how == "typo":
        last = typo(rng, last)
    if how == "diacritics":
        last = "".join(DIACRITICS.get(ch, ch) if rng.random() < 0.5 else ch for ch in last)
    name = f"{last} {first}" if how == "swap" or rng.random() < 0.2 else f"{first} {last}"
    if how == "cyrillic":
        name = to_cyrillic(name)
    birth = original.birth_date if rng.random() < 0.7 else original.birth_date[:4]
    identifiers = original.identifiers if rng.random() < 0.5 else ()
    return Record(pid, "Person", frozenset({"B"}), name, birth, original.country, identifiers)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--duplicates", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--start", action="store_true",
                        help="instead: what a reviewer waits for nomenklatura's start (bench/bench_match_start.py)")
    args = parser.parse_args()
    if args.start:
        from bench.bench_match_start import main as start  # noqa: PLC0415

        start()
        return
    rng = random.Random(args.seed)
    last = surnames(rng, 20_000)
    a = [person(rng, f"A{i:06d}", "A", last) for i in range(args.persons)]
    planted = set()
    b = []
    for i in range(args.persons):
        if rng.random() < args.duplicates:
            original = rng.choice(a)
            b.append(variant(rng, original, f"B{i:06d}"))
            planted.add((original.id, b[-1].id))
        else:
            b.append(person(rng, f"B{i:06d}", "B", last))
    t0, c0 = time.perf_counter(), time.process_time()
    _algorithm()  # nomenklatura's name data: loaded once per process
    t1, c1 = time.perf_counter(), time.process_time()
    blocking = block(a + b)
    t2, c2 = time.perf_counter(), time.process_time()
    found = list(candidates(a + b, REVIEW_THRESHOLD))
    t3, c3 = time.perf_counter(), time.process_time()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    proposed = {c.pair for c in found}
    true = len(proposed & planted)
    print(f"persons: {args.persons:,} (case A) x {args.persons:,} (case B); planted duplicates: {len(planted):,}")
    # CPU time beside wall time: on a shared machine the wall clock counts the others' work too.
    print(f"nomenklatura start (name data): {t1 - t0:.1f} s wall, {c1 - c0:.1f} s CPU")
    print(f"blocking: {len(blocking.pairs):,} pairs in {t2 - t1:.1f} s wall, {c2 - c1:.1f} s CPU; "
          f"blocks left out as too common: {blocking.too_common}")
    print(f"candidates (blocking again + scoring): {t3 - t2:.1f} s wall, {c3 - c2:.1f} s CPU; "
          f"{len(found):,} at or above {REVIEW_THRESHOLD}")
    print(f"peak memory (max RSS of the process): {peak_mb:,.0f} MB")
    print(f"precision {true / max(len(proposed), 1):.3f}, recall {true / max(len(planted), 1):.3f} "
          f"at the review threshold {REVIEW_THRESHOLD}")
    missed = sorted(planted - proposed)[:5]
    by_id = {r.id: r for r in a + b}
    for left, right in missed:
        print(f"  missed: {by_id[left].name} {by_id[left].birth_date} / {by_id[right].name} {by_id[right].birth_date}")
    for c in [c for c in found if c.pair not in planted][:5]:
        print(f"  wrongly proposed ({c.score}): {c.left.name} {c.left.birth_date} / {c.right.name} "
              f"{c.right.birth_date}")


if __name__ == "__main__":
    main()
