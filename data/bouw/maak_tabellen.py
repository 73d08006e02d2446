#!/usr/bin/env python3
"""Build the reference tables data/tabellen/*.csv from data/referentie/.

Usage:
    python3 data/bouw/maak_tabellen.py           # (re)build data/tabellen/*.csv, then run the checks
    python3 data/bouw/maak_tabellen.py --check   # only check the existing data/tabellen/*.csv

The kansrijk binary embeds these tables (src/generate/tabellen.rs) and `kansrijk generate` builds
input folders from them; the synthetic households are made there, in Rust, not here.

Deterministic: Python 3.11 standard library only, no random numbers at all; the per-(region,
beroepsklasse) variation of the illustrative spanning comes from SHA-256 (no hash(), no
set/dict-order dependence, no clock, no locale). Running it twice gives byte-identical files.

Reads ONLY from ../referentie (relative to this file); writes ONLY ../tabellen/{gemeenten,regios,
arbeidsmarkt,azc,landelijk}.csv (comma separated, UTF-8 without BOM, LF, sorted by key).

What is real, derived and illustrative is documented in data/README.md. In short:
  echt          gemeente codes/names/province/arbeidsmarktregio, inwoners 1-1-2020 (Bron: CBS),
                provincial unemployment 2023 (CBS 85969NED), national taakstelling 2025-1/2025-2
  afgeleid      inwoners 1-1-2024 (estimate), taakstelling per gemeente = ceil(V * iG / iN)
  publieke kennis  hbo/wo/academisch_ziekenhuis flags (referentie/instellingen_illustratief.csv)
  illustratief  spanning (no UWV figures), the AZC list
"""

from __future__ import annotations

import csv
import hashlib
import sys
from pathlib import Path

HIER = Path(__file__).resolve().parent
REF = HIER.parent / "referentie"
OUT = HIER.parent / "tabellen"

PERIODES = ["2025-1", "2025-2"]     # half years with a confirmed national taakstelling
VARIATIE_SLEUTEL = 20251            # key of the SHA-256 variation of the spanning (fixed)
KLASSEN = [f"{i:02d}" for i in range(1, 14)]
AZC_TER_APEL = "GM1950"             # Westerwolde (Ter Apel, aanmeldcentrum): weight 2, others 1

BRON_ARBEIDSMARKT = "illustratief: geen UWV-cijfers (zie data/README.md)"
BRON_AZC = "illustratief: geen COA-bron"
BRON_AZC_TER_APEL = "illustratief: aanmeldcentrum Ter Apel ligt in Westerwolde; dubbel gewicht"

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
# reading and writing
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


# ---------------------------------------------------------------------------------------------
# landelijk.csv and gemeenten.csv
# ---------------------------------------------------------------------------------------------
def laad_landelijk() -> list[dict]:
    """The national half-year totals of PERIODES, with their source."""
    per = {r["halfjaar"]: r for r in lees(REF / "taakstelling" / "taakstelling_landelijk.csv")}
    uit = []
    for p in PERIODES:
        r = per[p]
        bron = r["bron"]
        if r["opmerking"]:
            bron += f"; {r['status']}: {r['opmerking']}"
        uit.append({"periode": p, "waarde": int(r["landelijke_taakstelling_personen"]), "bron": bron})
    return uit


def ceil_deel(teller: int, noemer: int) -> int:
    """ceil(teller / noemer) in exact integer arithmetic."""
    return -(-teller // noemer)


def laad_gemeenten(landelijk: list[dict]):
    gem = sorted(lees(REF / "gemeenten" / "gemeenten_2025.csv"), key=lambda r: r["gemeentecode"])
    taak = {r["gemeentecode"]: r for r in lees(REF / "taakstelling" / "taakstelling_per_gemeente_DERIVED.csv")}
    assert set(taak) == {r["gemeentecode"] for r in gem}
    i_n = sum(int(r["inwoners_2024_est"]) for r in gem)
    uit = []
    for r in gem:
        code = r["gemeentecode"]
        t = taak[code]
        inw = int(r["inwoners_2024_est"])
        assert int(t["inwoners_basis"]) == inw, code
        assert t["arbeidsmarktregio_code"] == r["arbeidsmarktregio_code"], code
        ts = {}
        for l in landelijk:
            # legal rule, Huisvestingswet 2014 art. 29: ceil(vg * iG / iN), recomputed here and
            # checked against the derived reference table
            ts[l["periode"]] = ceil_deel(l["waarde"] * inw, i_n)
            assert ts[l["periode"]] == int(t[f"taakstelling_{l['periode']}"]), (code, l["periode"])
        uit.append({
            "code": code,
            "naam": r["gemeentenaam"],
            "provincie": r["provincie"],
            "am": r["arbeidsmarktregio_code"],
            "inwoners_2020": int(r["inwoners_2020_01_01"]),
            "inwoners": inw,
            "taakstelling": ts,
        })
    return uit


# ---------------------------------------------------------------------------------------------
# regios.csv
# ---------------------------------------------------------------------------------------------
def laad_regios(gemeenten: list[dict]) -> list[dict]:
    regios = sorted(lees(REF / "gemeenten" / "arbeidsmarktregios.csv"), key=lambda r: r["arbeidsmarktregio_code"])
    am_van = {g["code"]: g["am"] for g in gemeenten}
    naam_van = {g["code"]: g["naam"] for g in gemeenten}
    instellingen: dict[tuple[str, str], list[str]] = {}
    for r in lees(REF / "instellingen_illustratief.csv"):
        code = r["gemeente_code"]
        assert code in am_van, code
        assert naam_van[code] == r["gemeente_naam"], code
        assert r["soort"] in ("hbo", "wo", "academisch_ziekenhuis"), r["soort"]
        naam = f"{r['instelling']} te {r['plaats']}"
        lijst = instellingen.setdefault((am_van[code], r["soort"]), [])
        if naam not in lijst:
            lijst.append(naam)
    uit = []
    for r in regios:
        am = r["arbeidsmarktregio_code"]
        hbo = instellingen.get((am, "hbo"), [])
        wo = instellingen.get((am, "wo"), [])
        az = instellingen.get((am, "academisch_ziekenhuis"), [])
        bron = "; ".join([
            "mbo: aanname (elke arbeidsmarktregio heeft een roc)",
            "hbo (te verifiëren): " + (", ".join(hbo) if hbo else "geen campus bekend"),
            "wo: " + (", ".join(wo) if wo else "geen"),
            "academisch ziekenhuis: " + (", ".join(az) if az else "geen"),
        ])
        uit.append({
            "code": am,
            "naam": r["arbeidsmarktregio"],
            "mbo": 1,  # every arbeidsmarktregio has at least one ROC / mbo-instelling
            "hbo": 1 if hbo else 0,
            "wo": 1 if wo else 0,
            "academisch_ziekenhuis": 1 if az else 0,
            "bron": bron,
        })
    return uit


# ---------------------------------------------------------------------------------------------
# arbeidsmarkt.csv: ILLUSTRATIVE spanning (no UWV figures offline)
# ---------------------------------------------------------------------------------------------
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
    """Deterministic factor in [1-VARIATIE, 1+VARIATIE] from SHA-256 of '20251:AMxx:kk'."""
    h = hashlib.sha256(f"{VARIATIE_SLEUTEL}:{am}:{klasse}".encode("ascii")).digest()
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
            rijen.append([am, k, f"{s:.2f}", BRON_ARBEIDSMARKT])
    return rijen



# ---------------------------------------------------------------------------------------------
# azc.csv
# ---------------------------------------------------------------------------------------------
def laad_azc(gemeenten: list[dict]) -> list[list]:
    namen = {g["code"]: g["naam"] for g in gemeenten}
    rijen = []
    for a in sorted(lees(REF / "azc_illustratief.csv"), key=lambda r: r["gemeente_code"]):
        code = a["gemeente_code"]
        assert namen.get(code) == a["gemeente_naam"], a
        ter_apel = code == AZC_TER_APEL
        rijen.append([code, a["gemeente_naam"], a["plaats"], 2 if ter_apel else 1,
                      BRON_AZC_TER_APEL if ter_apel else BRON_AZC])
    return rijen


# ---------------------------------------------------------------------------------------------
# build
# ---------------------------------------------------------------------------------------------
KOP_GEMEENTEN = ["gemeente_code", "gemeente_naam", "provincie", "arbeidsmarktregio_code", "inwoners_2020",
                 "inwoners_2024_schatting"] + [f"taakstelling_{p.replace('-', '_')}_afgeleid" for p in PERIODES]
KOP_REGIOS = ["arbeidsmarktregio_code", "arbeidsmarktregio_naam", "mbo", "hbo", "wo", "academisch_ziekenhuis", "bron"]
KOP_ARBEIDSMARKT = ["arbeidsmarktregio_code", "beroepsklasse", "spanning", "bron"]
KOP_AZC = ["gemeente_code", "gemeente_naam", "plaats", "gewicht", "bron"]
KOP_LANDELIJK = ["periode", "landelijke_taakstelling", "bron"]


def bouw() -> None:
    landelijk = laad_landelijk()
    gemeenten = laad_gemeenten(landelijk)
    regios = laad_regios(gemeenten)
    OUT.mkdir(parents=True, exist_ok=True)
    schrijf(OUT / "gemeenten.csv", KOP_GEMEENTEN,
            [[g["code"], g["naam"], g["provincie"], g["am"], g["inwoners_2020"], g["inwoners"]]
             + [g["taakstelling"][p] for p in PERIODES] for g in gemeenten])
    schrijf(OUT / "regios.csv", KOP_REGIOS,
            [[r["code"], r["naam"], r["mbo"], r["hbo"], r["wo"], r["academisch_ziekenhuis"], r["bron"]]
             for r in regios])
    schrijf(OUT / "arbeidsmarkt.csv", KOP_ARBEIDSMARKT, maak_arbeidsmarkt(gemeenten, regios))
    schrijf(OUT / "azc.csv", KOP_AZC, laad_azc(gemeenten))
    schrijf(OUT / "landelijk.csv", KOP_LANDELIJK,
            [[l["periode"], l["waarde"], l["bron"]] for l in landelijk])


# ---------------------------------------------------------------------------------------------
# check (reads the written files back)
# ---------------------------------------------------------------------------------------------
def controleer() -> None:
    koppen = {"gemeenten": KOP_GEMEENTEN, "regios": KOP_REGIOS, "arbeidsmarkt": KOP_ARBEIDSMARKT,
              "azc": KOP_AZC, "landelijk": KOP_LANDELIJK}
    for naam, kop in koppen.items():
        data = (OUT / f"{naam}.csv").read_bytes()
        assert not data.startswith(b"\xef\xbb\xbf"), f"{naam}: BOM"
        assert b"\r" not in data, f"{naam}: CR"
        assert data.endswith(b"\n"), naam
        assert data.decode("utf-8").split("\n", 1)[0] == ",".join(kop), naam
    gem = lees(OUT / "gemeenten.csv")
    reg = lees(OUT / "regios.csv")
    arb = lees(OUT / "arbeidsmarkt.csv")
    azc = lees(OUT / "azc.csv")
    land = lees(OUT / "landelijk.csv")

    assert len(gem) == 342, len(gem)
    assert len(reg) == 35, len(reg)
    assert len(arb) == 35 * 13, len(arb)
    assert len(azc) == 16, len(azc)
    assert [l["periode"] for l in land] == PERIODES
    g_codes = [g["gemeente_code"] for g in gem]
    r_codes = [r["arbeidsmarktregio_code"] for r in reg]
    assert len(set(g_codes)) == 342 and g_codes == sorted(g_codes)
    assert len(set(r_codes)) == 35 and r_codes == sorted(r_codes)
    gset, rset = set(g_codes), set(r_codes)
    i_n = sum(int(g["inwoners_2024_schatting"]) for g in gem)
    for g in gem:
        assert g["gemeente_code"].startswith("GM") and len(g["gemeente_code"]) == 6
        assert g["arbeidsmarktregio_code"] in rset
        for l in land:
            kolom = f"taakstelling_{l['periode'].replace('-', '_')}_afgeleid"
            assert int(g[kolom]) == ceil_deel(int(l["landelijke_taakstelling"]) * int(g["inwoners_2024_schatting"]), i_n)
    for r in reg:
        for k in ("mbo", "hbo", "wo", "academisch_ziekenhuis"):
            assert r[k] in ("0", "1")
        assert r["bron"]
    sleutels = [(a["arbeidsmarktregio_code"], a["beroepsklasse"]) for a in arb]
    assert len(set(sleutels)) == 455 and sleutels == sorted(sleutels)
    assert set(sleutels) == {(r, k) for r in rset for k in KLASSEN}
    assert all(float(a["spanning"]) >= SPANNING_MIN for a in arb)
    assert all(a["bron"] == BRON_ARBEIDSMARKT for a in arb)
    a_codes = [a["gemeente_code"] for a in azc]
    assert a_codes == sorted(set(a_codes)) and set(a_codes) <= gset

    totaal = {l["periode"]: sum(int(g[f"taakstelling_{l['periode'].replace('-', '_')}_afgeleid"]) for g in gem)
              for l in land}
    spanning = sorted(float(a["spanning"]) for a in arb)
    print("tabellen summary")
    print(f"  gemeenten {len(gem)}, regios {len(reg)}, arbeidsmarkt rows {len(arb)}, azc {len(azc)}")
    print(f"  inwoners 2024 (schatting) total {i_n}; 2020 total {sum(int(g['inwoners_2020']) for g in gem)}")
    for l in land:
        print(f"  taakstelling {l['periode']}: landelijk {l['landelijke_taakstelling']}, "
              f"sum of the derived per-gemeente values {totaal[l['periode']]}")
    print(f"  regios with hbo {sum(r['hbo'] == '1' for r in reg)}, wo {sum(r['wo'] == '1' for r in reg)}, "
          f"academisch ziekenhuis {sum(r['academisch_ziekenhuis'] == '1' for r in reg)}")
    print(f"  spanning from {spanning[0]:.2f} to {spanning[-1]:.2f}")
    print("OK")


def main(argv: list[str]) -> int:
    if argv[1:] == ["--check"]:
        controleer()
        return 0
    if argv[1:]:
        print("usage: maak_tabellen.py [--check]", file=sys.stderr)
        return 2
    bouw()
    controleer()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
