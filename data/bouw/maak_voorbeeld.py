#!/usr/bin/env python3
"""Build the embedded example input folder data/voorbeeld/ from data/referentie/.

Usage:
    python3 data/bouw/maak_voorbeeld.py           # (re)build data/voorbeeld/*.csv, then run the checks
    python3 data/bouw/maak_voorbeeld.py --check   # only check the existing data/voorbeeld/*.csv

Deterministic: Python 3.11 standard library only, one random.Random(20251) consumed in a fixed
order, per-(region, beroepsklasse) variation from SHA-256 (no hash(), no set/dict-order
dependence, no clock, no locale). Running it twice gives byte-identical files.

Reads ONLY from ../referentie (relative to this file); writes ONLY ../voorbeeld/{gemeenten,
regios,arbeidsmarkt,huishoudens,personen}.csv. gewichten.toml in ../voorbeeld is not written here.

What is real, derived and illustrative is documented in data/README.md. In short:
  real        gemeente codes/names/arbeidsmarktregio (CBS), provincial unemployment 2023 (CBS)
  afgeleid    inwoners (2024 estimate), taakstelling 2025-2 = ceil(13000 * iG / iN)
  illustratief gerealiseerd/achterstand, spanning, hbo/wo/academisch_ziekenhuis flags (from
              referentie/instellingen_illustratief.csv), AZC list, the whole household cohort
"""

from __future__ import annotations

import csv
import hashlib
import math
import random
import sys
from collections import Counter
from pathlib import Path

SEED = 20251
HIER = Path(__file__).resolve().parent
REF = HIER.parent / "referentie"
OUT = HIER.parent / "voorbeeld"

LANDELIJKE_TAAKSTELLING_2025_2 = 13000
RATIO_REST_PERSONEN = 1.15          # sum of positive rest / persons in the cohort
N_ACHTERSTAND = 40                  # gemeenten with a positive achterstand
N_VOORSPRONG = 20                   # gemeenten with rest <= 0 (voorsprong)

KLASSEN = [f"{i:02d}" for i in range(1, 14)]

# ---------------------------------------------------------------------------------------------
# arbeidsmarkt.csv: ILLUSTRATIVE spanning (no UWV figures offline)
# ---------------------------------------------------------------------------------------------
# National base per BRC 2014 beroepsklasse: the broad 2022-2025 UWV picture (illustrative).
SPANNING_BASIS = {
    "01": 2.6,   # Pedagogische beroepen (krap)
    "02": 0.35,  # Creatieve en taalkundige beroepen (ruim)
    "03": 0.9,   # Commerciele beroepen
    "04": 0.5,   # Bedrijfseconomische en administratieve beroepen (ruim)
    "05": 0.8,   # Managers
    "06": 1.3,   # Openbaar bestuur, veiligheid en juridische beroepen
    "07": 3.5,   # Technische beroepen (krap/zeer krap)
    "08": 3.2,   # ICT beroepen (krap)
    "09": 1.2,   # Agrarische beroepen
    "10": 3.0,   # Zorg en welzijn beroepen (krap)
    "11": 1.5,   # Dienstverlenende beroepen
    "12": 1.8,   # Transport en logistiek beroepen
    "13": 1.0,   # Beroepsklasse overig
}
NATIONALE_WERKLOOSHEID = 3.6        # NL 2023, CBS 85969NED (row NL01 of the reference file)
REGIO_EXPONENT = 1.5                # factor = (3.6 / provincial pct) ** 1.5
VARIATIE = 0.30                     # +-30 % per (region, klasse), from SHA-256
# Documented regional sector accents (illustrative): (region, klasse) -> multiplier
ACCENTEN = {
    ("AM28", "07"): 1.4,  # Zuidoost-Brabant (Brainport): technical
    ("AM28", "08"): 1.2,  # Zuidoost-Brabant: ICT
    ("AM32", "07"): 1.4,  # Helmond-De Peel: technical (maakindustrie, automotive)
    ("AM38", "09"): 1.5,  # FoodValley: agrarisch / food
    ("AM21", "09"): 1.5,  # Haaglanden (Westland glastuinbouw): agrarisch
    ("AM19", "09"): 1.3,  # Holland Rijnland (Bollenstreek): agrarisch
    ("AM29", "09"): 1.3,  # Noord-Limburg (tuinbouw Horst/Venlo): agrarisch
    ("AM29", "12"): 1.3,  # Noord-Limburg (Venlo logistiek): transport
    ("AM25", "12"): 1.3,  # West-Brabant (Moerdijk logistiek): transport
    ("AM22", "12"): 1.3,  # Rijnmond (haven): transport
    ("AM18", "08"): 1.3,  # Groot Amsterdam: ICT
}
SPANNING_MIN = 0.1

# ---------------------------------------------------------------------------------------------
# cohort assumptions (illustrative, calibrated where cohort/facts.csv has figures)
# ---------------------------------------------------------------------------------------------
N_HUISHOUDENS = 300
# household types, exact counts (shuffled, then numbered H001..H300)
TYPE_AANTALLEN = [
    ("alleenstaand", 132),    # 44 %  single adults, mostly men 19-40
    ("stel", 29),             # ~10 % couples without children
    ("gezin", 86),            # ~29 % two parents + children (3..9 persons)
    ("eenouder", 29),         # ~10 % single parent (mostly mother) + children
    ("nareiziger", 24),       # 8 %  nareizigers (mostly women and minors) with vaste gemeente
]
# exact size mix per type (sizes -> number of households)
GEZIN_GROOTTES = [(3, 18), (4, 22), (5, 19), (6, 13), (7, 7), (8, 5), (9, 2)]
EENOUDER_GROOTTES = [(2, 10), (3, 11), (4, 6), (5, 2)]
# nareiziger compositions: (kind, size, count)
NAREIZIGER_SOORTEN = [
    ("echtgenote", 1, 4),          # wife joining husband
    ("echtgenoot", 1, 1),          # husband joining wife
    ("minderjarige", 1, 1),        # one minor joining a parent
    ("moeder_kinderen", 2, 5),
    ("moeder_kinderen", 3, 6),
    ("moeder_kinderen", 4, 4),
    ("moeder_kinderen", 5, 2),
    ("kinderen", 2, 1),            # two minor siblings joining a parent
]
P_VROUW_ALLEENSTAAND = 0.14
N_X_ALLEENSTAAND = 4               # a handful of geslacht = x
P_MOEDER_EENOUDER = 0.86
P_VOLWASSEN_KIND = 0.25            # families of >= 5: one child aged 18-22 still in the household
OPLEIDING_VOLWASSENEN = [("hoog", 20), ("middelbaar", 45), ("laag", 35)]   # exact % of adults
P_ERVARING = {"m": 0.66, "v": 0.50, "x": 0.50}   # exact shares of adults per geslacht
P_INTERESSE = 0.50                 # exact share of adults
P_TWEE_INTERESSES = 0.40
P_INTERESSE_GELIJK_AAN_ERVARING = 0.45
N_ZORG = 9                         # ~3 % zorgbehoefte = academisch_ziekenhuis
N_NETWERK = 90                     # 30 % of households have a netwerk_gemeente_code
NETWERK_EXPONENT = 1.25            # netwerk gemeente drawn with weight inwoners ** 1.25
AZC_GEWICHT_TER_APEL = 2           # Westerwolde (Ter Apel) weight 2, others 1

# beroepsklasse weights for work experience (men / women), multiplied by education factors
ERVARING_GEWICHT_M = {"01": 2, "02": 3, "03": 12, "04": 4, "05": 3, "06": 2, "07": 22,
                      "08": 5, "09": 9, "10": 6, "11": 13, "12": 15, "13": 4}
ERVARING_GEWICHT_V = {"01": 14, "02": 6, "03": 10, "04": 9, "05": 2, "06": 2, "07": 3,
                      "08": 4, "09": 7, "10": 22, "11": 16, "12": 2, "13": 3}
OPLEIDING_FACTOR = {
    "hoog": {"01": 2.0, "02": 2.0, "04": 2.5, "05": 3.0, "06": 2.5, "08": 3.0, "10": 1.5,
             "09": 0.4, "11": 0.4, "12": 0.4, "13": 0.5},
    "middelbaar": {},
    "laag": {"01": 0.4, "02": 0.5, "04": 0.3, "05": 0.2, "06": 0.3, "08": 0.2,
             "07": 1.3, "09": 1.5, "11": 1.3, "12": 1.3, "13": 1.5},
}
INTERESSE_GEWICHT = {"01": 8, "02": 4, "03": 7, "04": 5, "05": 2, "06": 3, "07": 14,
                     "08": 8, "09": 4, "10": 14, "11": 9, "12": 8, "13": 2}


# ---------------------------------------------------------------------------------------------
# reading
# ---------------------------------------------------------------------------------------------
def lees(pad: Path) -> list[dict[str, str]]:
    with open(pad, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def schrijf(pad: Path, kop: list[str], rijen: list[list]) -> None:
    with open(pad, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(kop)
        for r in rijen:
            w.writerow(["" if v is None else v for v in r])


def kies(rng: random.Random, items: list, gewichten: list[float]):
    """Weighted choice; items and weights are lists in a fixed order."""
    return rng.choices(items, weights=gewichten, k=1)[0]


def gewogen_uit(rng: random.Random, paren: list[tuple[str, float]]) -> str:
    return kies(rng, [p[0] for p in paren], [p[1] for p in paren])


# ---------------------------------------------------------------------------------------------
# gemeenten, regios, arbeidsmarkt
# ---------------------------------------------------------------------------------------------
def laad_gemeenten():
    gem = sorted(lees(REF / "gemeenten" / "gemeenten_2025.csv"), key=lambda r: r["gemeentecode"])
    taak = {r["gemeentecode"]: r for r in lees(REF / "taakstelling" / "taakstelling_per_gemeente_DERIVED.csv")}
    i_n = sum(int(r["inwoners_2024_est"]) for r in gem)
    uit = []
    for r in gem:
        code = r["gemeentecode"]
        t = taak[code]
        inw = int(r["inwoners_2024_est"])
        assert int(t["inwoners_basis"]) == inw, code
        ts = int(t["taakstelling_2025-2"])
        # legal rule, Huisvestingswet 2014 art. 29: ceil(vg * iG / iN) in exact integer arithmetic
        assert ts == -(-LANDELIJKE_TAAKSTELLING_2025_2 * inw // i_n), (code, ts)
        assert t["arbeidsmarktregio_code"] == r["arbeidsmarktregio_code"], code
        uit.append({
            "code": code,
            "naam": r["gemeentenaam"],
            "am": r["arbeidsmarktregio_code"],
            "provincie": r["provincie"],
            "inwoners": inw,
            "taakstelling": ts,
        })
    return uit


def maak_rest(rng: random.Random, gemeenten: list[dict], doel_rest: int) -> None:
    """Choose gerealiseerd/achterstand so that sum of positive rest == doel_rest (illustrative)."""
    codes = [g["code"] for g in gemeenten]
    grootste4 = [g["code"] for g in sorted(gemeenten, key=lambda g: (-g["inwoners"], g["code"]))[:4]]
    overig = [c for c in codes if c not in grootste4]
    achterstand = sorted(grootste4 + rng.sample(overig, N_ACHTERSTAND - 4))
    kandidaten = [c for c in codes if c not in achterstand]
    voorsprong = sorted(rng.sample(kandidaten, N_VOORSPRONG))
    # weights for the positive rest of the other gemeenten
    gewicht = {}
    for g in gemeenten:
        u = rng.uniform(0.5, 1.5)
        gewicht[g["code"]] = g["taakstelling"] * u * (1.5 if g["code"] in achterstand else 1.0) + 1.0
    positief = [c for c in codes if c not in voorsprong]
    totaal = sum(gewicht[c] for c in positief)
    # every non-voorsprong gemeente keeps rest >= 1; the remaining persons are apportioned by
    # weight with the largest-remainder method, so the positive rest sums to doel_rest exactly
    te_verdelen = doel_rest - len(positief)
    assert te_verdelen >= 0
    exact = {c: te_verdelen * gewicht[c] / totaal for c in positief}
    deel = {c: math.floor(exact[c]) for c in positief}
    over = te_verdelen - sum(deel.values())
    volgorde = sorted(positief, key=lambda c: (-(exact[c] - deel[c]), c))
    for c in volgorde[:over]:
        deel[c] += 1
    rest = {c: 1 + deel[c] for c in positief}
    for g in gemeenten:
        c, ts = g["code"], g["taakstelling"]
        if c in voorsprong:
            if rng.random() < 0.5:
                # voorsprong carried over from the previous half year (negative achterstand)
                v = rng.randint(1, max(1, ts // 5))
                r = -rng.randint(0, max(0, ts // 15))
                g["achterstand"] = -v
            else:
                # housed more than the quota this half year
                r = -rng.randint(1, max(1, ts // 10))
                g["achterstand"] = 0
            g["rest"] = r
        else:
            g["rest"] = rest[c]
            if c in achterstand:
                g["achterstand"] = rng.randint(1, max(2, ts // 4))
            else:
                g["achterstand"] = 0
        g["gerealiseerd"] = g["taakstelling"] + g["achterstand"] - g["rest"]
        assert g["gerealiseerd"] >= 0, g


def laad_regios(gemeenten: list[dict]) -> list[dict]:
    regios = sorted(lees(REF / "gemeenten" / "arbeidsmarktregios.csv"), key=lambda r: r["arbeidsmarktregio_code"])
    am_van = {g["code"]: g["am"] for g in gemeenten}
    naam_van = {g["code"]: g["naam"] for g in gemeenten}
    vlag: dict[tuple[str, str], int] = {}
    for r in lees(REF / "instellingen_illustratief.csv"):
        code = r["gemeente_code"]
        assert code in am_van, code
        assert naam_van[code] == r["gemeente_naam"], code
        assert r["soort"] in ("hbo", "wo", "academisch_ziekenhuis"), r["soort"]
        vlag[(am_van[code], r["soort"])] = 1
    uit = []
    for r in regios:
        am = r["arbeidsmarktregio_code"]
        uit.append({
            "code": am,
            "naam": r["arbeidsmarktregio"],
            "mbo": 1,  # every arbeidsmarktregio has at least one ROC / mbo-instelling
            "hbo": vlag.get((am, "hbo"), 0),
            "wo": vlag.get((am, "wo"), 0),
            "academisch_ziekenhuis": vlag.get((am, "academisch_ziekenhuis"), 0),
        })
    return uit


def regio_provincie(gemeenten: list[dict]) -> dict[str, str]:
    """Province holding most inhabitants (2024 estimate) of each arbeidsmarktregio."""
    som: dict[tuple[str, str], int] = {}
    for g in gemeenten:
        k = (g["am"], g["provincie"])
        som[k] = som.get(k, 0) + g["inwoners"]
    uit: dict[str, str] = {}
    for (am, prov) in sorted(som, key=lambda k: (k[0], -som[k], k[1])):
        uit.setdefault(am, prov)
    return uit


def variatie(am: str, klasse: str) -> float:
    """Deterministic factor in [1-VARIATIE, 1+VARIATIE] from SHA-256 of 'SEED:AMxx:kk'."""
    h = hashlib.sha256(f"{SEED}:{am}:{klasse}".encode("ascii")).digest()
    u = int.from_bytes(h[:8], "big") / 2**64
    return 1.0 - VARIATIE + 2.0 * VARIATIE * u


def maak_arbeidsmarkt(gemeenten: list[dict], regios: list[dict]) -> list[list]:
    werkloos = {r["regio"]: float(r["werkloosheid_pct_berekend"])
                for r in lees(REF / "arbeidsmarkt" / "arbeidsdeelname_provincie_2023_cbs85969NED.csv")}
    prov = regio_provincie(gemeenten)
    rijen = []
    for r in regios:
        am = r["code"]
        factor = (NATIONALE_WERKLOOSHEID / werkloos[prov[am]]) ** REGIO_EXPONENT
        for k in KLASSEN:
            s = SPANNING_BASIS[k] * factor * variatie(am, k) * ACCENTEN.get((am, k), 1.0)
            s = max(SPANNING_MIN, s)
            rijen.append([am, k, f"{s:.2f}"])
    return rijen


# ---------------------------------------------------------------------------------------------
# cohort
# ---------------------------------------------------------------------------------------------
def volwassene(leeftijd: int, geslacht: str) -> dict:
    """An adult; opleidingsniveau, beroepsklasse and interesse are set later by profielen()."""
    return {"leeftijd": leeftijd, "geslacht": geslacht, "opleidingsniveau": None,
            "beroepsklasse": None, "ervaring_jaren": None, "interesse": None}


def quota_trekking(rng: random.Random, n: int, aandeel: float) -> list[bool]:
    """Exactly round(aandeel * n) True values in random order."""
    k = round(aandeel * n)
    vlag = [True] * k + [False] * (n - k)
    rng.shuffle(vlag)
    return vlag


def profielen(rng: random.Random, huishoudens: list[dict]) -> None:
    """Screening profile of all adults with exact shares (documented in README)."""
    volw = [p for h in huishoudens for p in h["leden"] if p["leeftijd"] >= 18]
    # opleidingsniveau: exact shares over all adults
    n = len(volw)
    aantallen = [(niv, round(n * pct / 100)) for niv, pct in OPLEIDING_VOLWASSENEN if niv != "middelbaar"]
    niveaus = [niv for niv, k in aantallen for _ in range(k)]
    niveaus += ["middelbaar"] * (n - len(niveaus))
    rng.shuffle(niveaus)
    for p, niv in zip(volw, niveaus):
        p["opleidingsniveau"] = niv
    # work experience: exact share per geslacht
    for g in ("m", "v", "x"):
        groep = [p for p in volw if p["geslacht"] == g]
        for p, ja in zip(groep, quota_trekking(rng, len(groep), P_ERVARING[g])):
            if not ja:
                continue
            basis = ERVARING_GEWICHT_V if g == "v" else ERVARING_GEWICHT_M
            fac = OPLEIDING_FACTOR[p["opleidingsniveau"]]
            p["beroepsklasse"] = kies(rng, KLASSEN, [basis[k] * fac.get(k, 1.0) for k in KLASSEN])
            p["ervaring_jaren"] = rng.randint(1, max(1, min(20, p["leeftijd"] - 17)))
    # interesse: exact share of adults, 1-2 classes
    for p, ja in zip(volw, quota_trekking(rng, n, P_INTERESSE)):
        if not ja:
            continue
        gekozen: list[str] = []
        if p["beroepsklasse"] and rng.random() < P_INTERESSE_GELIJK_AAN_ERVARING:
            gekozen.append(p["beroepsklasse"])
        aantal = 2 if rng.random() < P_TWEE_INTERESSES else 1
        while len(gekozen) < aantal:
            k = kies(rng, KLASSEN, [INTERESSE_GEWICHT[x] for x in KLASSEN])
            if k not in gekozen:
                gekozen.append(k)
        p["interesse"] = "|".join(sorted(gekozen))


def kind(rng: random.Random, leeftijd: int) -> dict:
    return {"leeftijd": leeftijd, "geslacht": "m" if rng.random() < 0.5 else "v",
            "opleidingsniveau": "laag", "beroepsklasse": None, "ervaring_jaren": None,
            "interesse": None}


def kinderen(rng: random.Random, n: int, max_leeftijd: int = 17) -> list[dict]:
    leeftijden = sorted((rng.randint(0, max_leeftijd) for _ in range(n)), reverse=True)
    return [kind(rng, a) for a in leeftijden]


def leeftijd_alleenstaand(rng: random.Random) -> int:
    band = gewogen_uit(rng, [("19-30", 55), ("31-40", 27), ("18", 4), ("41-55", 11), ("56-65", 3)])
    if band == "18":
        return 18
    lo, hi = (int(x) for x in band.split("-"))
    return rng.randint(lo, hi)


def ouders_leeftijd(rng: random.Random, oudste_kind: int) -> int:
    return rng.randint(max(20, oudste_kind + 18), max(24, min(55, oudste_kind + 40)))


def maak_huishouden(rng: random.Random, soort: str, grootte: int, sub: str) -> list[dict]:
    if soort == "alleenstaand":
        return []  # filled by caller (sex quota)
    if soort == "stel":
        m = rng.randint(20, 55)
        v = max(18, m - rng.randint(0, 8))
        return [volwassene(m, "m"), volwassene(v, "v")]
    if soort == "gezin":
        n_kind = grootte - 2
        leden_k = kinderen(rng, n_kind)
        if grootte >= 5 and rng.random() < P_VOLWASSEN_KIND:
            oud = rng.randint(18, 22)
            leden_k[0] = None  # replaced by an adult child
        else:
            oud = None
        oudste = oud if oud is not None else leden_k[0]["leeftijd"]
        m = ouders_leeftijd(rng, oudste)
        v = max(oudste + 18, m - rng.randint(0, 7))
        leden = [volwassene(m, "m"), volwassene(v, "v")]
        if oud is not None:
            leden.append(volwassene(oud, "m" if rng.random() < 0.5 else "v"))
            leden.extend(leden_k[1:])
        else:
            leden.extend(leden_k)
        return leden
    if soort == "eenouder":
        leden_k = kinderen(rng, grootte - 1)
        g = "v" if rng.random() < P_MOEDER_EENOUDER else "m"
        ouder = ouders_leeftijd(rng, leden_k[0]["leeftijd"])
        return [volwassene(ouder, g)] + leden_k
    if soort == "nareiziger":
        if sub == "echtgenote":
            return [volwassene(rng.randint(19, 45), "v")]
        if sub == "echtgenoot":
            return [volwassene(rng.randint(22, 50), "m")]
        if sub == "minderjarige":
            return [kind(rng, rng.randint(10, 17))]
        if sub == "kinderen":
            return kinderen(rng, grootte)
        if sub == "moeder_kinderen":
            leden_k = kinderen(rng, grootte - 1, 16)
            moeder = ouders_leeftijd(rng, leden_k[0]["leeftijd"])
            return [volwassene(moeder, "v")] + leden_k
    raise ValueError(soort)


def maak_cohort(rng: random.Random, gemeenten: list[dict], regios: list[dict], azc: list[dict]):
    # 1. household skeletons in a fixed order, then one shuffle
    skelet: list[tuple[str, int, str]] = []
    for soort, n in TYPE_AANTALLEN:
        if soort == "alleenstaand":
            skelet += [(soort, 1, "")] * n
        elif soort == "stel":
            skelet += [(soort, 2, "")] * n
        elif soort == "gezin":
            for gr, k in GEZIN_GROOTTES:
                skelet += [(soort, gr, "")] * k
            assert sum(k for _, k in GEZIN_GROOTTES) == n
        elif soort == "eenouder":
            for gr, k in EENOUDER_GROOTTES:
                skelet += [(soort, gr, "")] * k
            assert sum(k for _, k in EENOUDER_GROOTTES) == n
        elif soort == "nareiziger":
            for sub, gr, k in NAREIZIGER_SOORTEN:
                skelet += [(soort, gr, sub)] * k
            assert sum(k for _, _, k in NAREIZIGER_SOORTEN) == n
    assert len(skelet) == N_HUISHOUDENS
    rng.shuffle(skelet)

    # 2. sexes of single adults: exact counts
    n_alleen = sum(1 for s in skelet if s[0] == "alleenstaand")
    n_v = round(P_VROUW_ALLEENSTAAND * n_alleen)
    geslachten = ["x"] * N_X_ALLEENSTAAND + ["v"] * n_v + ["m"] * (n_alleen - n_v - N_X_ALLEENSTAAND)
    rng.shuffle(geslachten)

    huishoudens = []
    for i, (soort, gr, sub) in enumerate(skelet, start=1):
        hid = f"H{i:03d}"
        if soort == "alleenstaand":
            leden = [volwassene(leeftijd_alleenstaand(rng), geslachten.pop())]
        else:
            leden = maak_huishouden(rng, soort, gr, sub)
        assert len(leden) == gr, (soort, gr, len(leden))
        huishoudens.append({"id": hid, "soort": soort, "sub": sub, "leden": leden,
                            "azc": None, "netwerk": None, "vast": None, "zorg": None, "week": None})

    profielen(rng, huishoudens)

    # 3. AZC and week
    azc_codes = [a["gemeente_code"] for a in azc]
    azc_gew = [AZC_GEWICHT_TER_APEL if c == "GM1950" else 1 for c in azc_codes]
    for h in huishoudens:
        h["azc"] = kies(rng, azc_codes, azc_gew)
        h["week"] = rng.randint(1, 26)
    return huishoudens


def koppel_vast_zorg_netwerk(rng: random.Random, huishoudens: list[dict], gemeenten: list[dict],
                             regios: list[dict]) -> None:
    codes = [g["code"] for g in gemeenten]
    per_code = {g["code"]: g for g in gemeenten}
    # nareizigers: vaste gemeente with room (rest - already used >= household size)
    gebruikt: dict[str, int] = {}
    for h in huishoudens:
        if h["soort"] != "nareiziger":
            continue
        n = len(h["leden"])
        kand = [c for c in codes if per_code[c]["rest"] - gebruikt.get(c, 0) >= n]
        h["vast"] = kies(rng, kand, [per_code[c]["inwoners"] for c in kand])
        gebruikt[h["vast"]] = gebruikt.get(h["vast"], 0) + n
    # zorg: households that are not nareizigers
    overig = [h["id"] for h in huishoudens if h["soort"] != "nareiziger"]
    zorg = set(rng.sample(overig, N_ZORG))
    netwerk = set(rng.sample(overig, N_NETWERK))
    gew = [per_code[c]["inwoners"] ** NETWERK_EXPONENT for c in codes]
    for h in huishoudens:  # list order = id order
        if h["id"] in zorg:
            h["zorg"] = "academisch_ziekenhuis"
        if h["id"] in netwerk:
            h["netwerk"] = kies(rng, codes, gew)


# ---------------------------------------------------------------------------------------------
# build
# ---------------------------------------------------------------------------------------------
def bouw() -> None:
    rng = random.Random(SEED)
    gemeenten = laad_gemeenten()
    regios = laad_regios(gemeenten)
    azc = lees(REF / "azc_illustratief.csv")
    namen = {g["code"]: g["naam"] for g in gemeenten}
    for a in azc:
        assert namen.get(a["gemeente_code"]) == a["gemeente_naam"], a
    huishoudens = maak_cohort(rng, gemeenten, regios, azc)
    personen = sum(len(h["leden"]) for h in huishoudens)
    maak_rest(rng, gemeenten, round(RATIO_REST_PERSONEN * personen))
    koppel_vast_zorg_netwerk(rng, huishoudens, gemeenten, regios)

    OUT.mkdir(parents=True, exist_ok=True)
    schrijf(OUT / "gemeenten.csv",
            ["gemeente_code", "gemeente_naam", "arbeidsmarktregio_code", "inwoners", "taakstelling",
             "gerealiseerd", "achterstand"],
            [[g["code"], g["naam"], g["am"], g["inwoners"], g["taakstelling"], g["gerealiseerd"],
              g["achterstand"]] for g in gemeenten])
    schrijf(OUT / "regios.csv",
            ["arbeidsmarktregio_code", "arbeidsmarktregio_naam", "mbo", "hbo", "wo", "academisch_ziekenhuis"],
            [[r["code"], r["naam"], r["mbo"], r["hbo"], r["wo"], r["academisch_ziekenhuis"]] for r in regios])
    schrijf(OUT / "arbeidsmarkt.csv", ["arbeidsmarktregio_code", "beroepsklasse", "spanning"],
            maak_arbeidsmarkt(gemeenten, regios))
    schrijf(OUT / "huishoudens.csv",
            ["huishouden_id", "azc_gemeente_code", "netwerk_gemeente_code", "vaste_gemeente_code",
             "zorgbehoefte", "week"],
            [[h["id"], h["azc"], h["netwerk"], h["vast"], h["zorg"], h["week"]] for h in huishoudens])
    rijen = []
    for h in huishoudens:
        for j, p in enumerate(h["leden"], start=1):
            rijen.append([f"{h['id']}-{j}", h["id"], p["leeftijd"], p["geslacht"], p["opleidingsniveau"],
                          p["beroepsklasse"], p["ervaring_jaren"], p["interesse"]])
    schrijf(OUT / "personen.csv",
            ["persoon_id", "huishouden_id", "leeftijd", "geslacht", "opleidingsniveau", "beroepsklasse",
             "ervaring_jaren", "interesse"], rijen)


# ---------------------------------------------------------------------------------------------
# sanity check (reads the written files back)
# ---------------------------------------------------------------------------------------------
def controleer() -> None:
    for naam in ("gemeenten", "regios", "arbeidsmarkt", "huishoudens", "personen"):
        data = (OUT / f"{naam}.csv").read_bytes()
        assert not data.startswith(b"\xef\xbb\xbf"), f"{naam}: BOM"
        assert b"\r" not in data, f"{naam}: CR"
        assert data.endswith(b"\n"), naam
    gem = lees(OUT / "gemeenten.csv")
    reg = lees(OUT / "regios.csv")
    arb = lees(OUT / "arbeidsmarkt.csv")
    hh = lees(OUT / "huishoudens.csv")
    pers = lees(OUT / "personen.csv")

    assert len(gem) == 342, len(gem)
    assert len(reg) == 35, len(reg)
    assert len(arb) == 35 * 13, len(arb)
    g_codes = [g["gemeente_code"] for g in gem]
    r_codes = [r["arbeidsmarktregio_code"] for r in reg]
    assert len(set(g_codes)) == 342 and g_codes == sorted(g_codes)
    assert len(set(r_codes)) == 35 and r_codes == sorted(r_codes)
    gset, rset = set(g_codes), set(r_codes)
    for g in gem:
        assert g["gemeente_code"].startswith("GM") and len(g["gemeente_code"]) == 6
        assert g["arbeidsmarktregio_code"] in rset
        assert int(g["inwoners"]) >= 0 and int(g["taakstelling"]) >= 0 and int(g["gerealiseerd"]) >= 0
        int(g["achterstand"])
    for r in reg:
        for k in ("mbo", "hbo", "wo", "academisch_ziekenhuis"):
            assert r[k] in ("0", "1")
    sleutels = [(a["arbeidsmarktregio_code"], a["beroepsklasse"]) for a in arb]
    assert len(set(sleutels)) == 455 and sleutels == sorted(sleutels)
    assert set(sleutels) == {(r, k) for r in rset for k in KLASSEN}
    assert all(float(a["spanning"]) >= SPANNING_MIN for a in arb)

    h_ids = [h["huishouden_id"] for h in hh]
    assert len(set(h_ids)) == len(h_ids) and h_ids == sorted(h_ids)
    p_ids = [p["persoon_id"] for p in pers]
    assert len(set(p_ids)) == len(p_ids)
    hset = set(h_ids)
    grootte = Counter(p["huishouden_id"] for p in pers)
    assert set(grootte) == hset, "household without persons or person without household"
    for h in hh:
        assert h["azc_gemeente_code"] in gset
        for k in ("netwerk_gemeente_code", "vaste_gemeente_code"):
            assert h[k] == "" or h[k] in gset, (h["huishouden_id"], k)
        assert h["zorgbehoefte"] in ("", "academisch_ziekenhuis")
        assert 1 <= int(h["week"]) <= 26
        assert not (h["zorgbehoefte"] and h["vaste_gemeente_code"])
    volwassenen = []
    for p in pers:
        a = int(p["leeftijd"])
        assert 0 <= a <= 120 and p["geslacht"] in ("m", "v", "x")
        assert p["opleidingsniveau"] in ("laag", "middelbaar", "hoog")
        assert p["beroepsklasse"] == "" or p["beroepsklasse"] in KLASSEN
        assert (p["beroepsklasse"] == "") == (p["ervaring_jaren"] == "")
        if p["ervaring_jaren"]:
            assert 1 <= int(p["ervaring_jaren"]) <= 20
        if p["interesse"]:
            ks = p["interesse"].split("|")
            assert all(k in KLASSEN for k in ks) and len(set(ks)) == len(ks)
        if a >= 18:
            volwassenen.append(p)
        else:
            assert p["opleidingsniveau"] == "laag" and not p["beroepsklasse"] and not p["interesse"]

    rest = {g["gemeente_code"]: int(g["taakstelling"]) + int(g["achterstand"]) - int(g["gerealiseerd"])
            for g in gem}
    am_van = {g["gemeente_code"]: g["arbeidsmarktregio_code"] for g in gem}
    som_rest = sum(r for r in rest.values() if r > 0)
    n_pers = len(pers)
    ratio = som_rest / n_pers
    assert 650 <= n_pers <= 800, n_pers
    assert 1.10 <= ratio <= 1.20, ratio
    n_voorsprong = sum(1 for r in rest.values() if r <= 0)
    n_achterstand = sum(1 for g in gem if int(g["achterstand"]) > 0)
    n_neg_achterstand = sum(1 for g in gem if int(g["achterstand"]) < 0)

    # nareizigers fit at their vaste gemeente
    vast_pers: Counter = Counter()
    for h in hh:
        if h["vaste_gemeente_code"]:
            vast_pers[h["vaste_gemeente_code"]] += grootte[h["huishouden_id"]]
    for c, n in sorted(vast_pers.items()):
        assert n <= rest[c] + 2, (c, n, rest[c])
    # zorg households fit comfortably in academic-hospital regions
    umc = {r["arbeidsmarktregio_code"] for r in reg if r["academisch_ziekenhuis"] == "1"}
    assert len(umc) == 7
    zorg_pers = sum(grootte[h["huishouden_id"]] for h in hh if h["zorgbehoefte"])
    umc_rest = sum(max(r, 0) for c, r in rest.items() if am_van[c] in umc)
    assert zorg_pers <= 0.5 * umc_rest, (zorg_pers, umc_rest)

    n_vast = sum(1 for h in hh if h["vaste_gemeente_code"])
    n_zorg = sum(1 for h in hh if h["zorgbehoefte"])
    n_netwerk = sum(1 for h in hh if h["netwerk_gemeente_code"])
    verdeling = Counter(grootte.values())
    nv = len(volwassenen)
    niv = Counter(p["opleidingsniveau"] for p in volwassenen)
    geslacht = Counter(p["geslacht"] for p in pers)
    met_ervaring = sum(1 for p in volwassenen if p["beroepsklasse"])
    met_interesse = sum(1 for p in volwassenen if p["interesse"])
    klassen = Counter(p["beroepsklasse"] for p in volwassenen if p["beroepsklasse"])
    vrouw_erv = sum(1 for p in volwassenen if p["beroepsklasse"] and p["geslacht"] == "v")
    rests = sorted(r for r in rest.values() if r > 0)
    klein = sum(1 for r in rest.values() if 0 <= r <= 10)
    ts_som = sum(int(g["taakstelling"]) for g in gem)

    print("voorbeeld summary")
    print(f"  gemeenten {len(gem)}, regios {len(reg)}, arbeidsmarkt rows {len(arb)}")
    print(f"  taakstelling 2025-2 (afgeleid) total {ts_som}; gerealiseerd total "
          f"{sum(int(g['gerealiseerd']) for g in gem)}")
    print(f"  rest > 0: {len(rests)} gemeenten, sum {som_rest}; rest in 0..10: {klein}; "
          f"max rest {rests[-1]}; voorsprong (rest <= 0): {n_voorsprong} (of which rest < 0: "
          f"{sum(1 for r in rest.values() if r < 0)}); achterstand > 0: {n_achterstand}; achterstand < 0: {n_neg_achterstand}")
    grootste = sorted(rest.items(), key=lambda kv: (-kv[1], kv[0]))[:6]
    naam = {g["gemeente_code"]: g["gemeente_naam"] for g in gem}
    print("  largest rest: " + ", ".join(f"{naam[c]} {r}" for c, r in grootste))
    print(f"  households {len(hh)}, persons {n_pers}, rest/persons {ratio:.3f}")
    print("  household size distribution: " + ", ".join(f"{k}:{verdeling[k]}" for k in sorted(verdeling)))
    print(f"  adults {nv}, minors {n_pers - nv}; geslacht m {geslacht['m']} v {geslacht['v']} x {geslacht['x']}")
    print(f"  adults hoog {niv['hoog'] / nv:.1%}, middelbaar {niv['middelbaar'] / nv:.1%}, laag {niv['laag'] / nv:.1%}")
    print(f"  adults with work experience {met_ervaring / nv:.1%} (women among them {vrouw_erv}), "
          f"with interesse {met_interesse / nv:.1%}")
    print("  beroepsklasse of experience: " + ", ".join(f"{k}:{klassen[k]}" for k in KLASSEN))
    print(f"  vast {n_vast} households ({sum(vast_pers.values())} persons), zorg {n_zorg} "
          f"({zorg_pers} persons; rest in UMC regions {umc_rest}), netwerk {n_netwerk}")
    print("OK")


def main(argv: list[str]) -> int:
    if argv[1:] == ["--check"]:
        controleer()
        return 0
    if argv[1:]:
        print("usage: maak_voorbeeld.py [--check]", file=sys.stderr)
        return 2
    bouw()
    controleer()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
