//! Local search: improves a koppeling by moving households while that adds to the objective.
//! No solver, deterministic, and never worse than its start. It turns the rough koppeling of a
//! neighbourhood MIP into one close to the LP bound in a fraction of a second, so that on a
//! national half year no wide neighbourhood MIP is needed.
//!
//! A move's gain splits into the households' fit changes and the shortfall changes of the
//! gemeenten, which depend only on the persons that come and go. So the search runs over
//! gemeenten and household sizes: `beste[g1][g2][n]` is the household of size `n` in `g1` that
//! gains most (or loses least) in fit by going to `g2`, and a change touches only the rows of
//! the gemeenten it changes. The best move or swap of each pair of gemeenten is kept too, and
//! computed again only where a gemeente of the pair changed since. Three kinds of steps, each
//! made only when it gains:
//!
//! - move one household, or swap two between gemeenten (a lookup per pair of gemeenten and
//!   sizes);
//! - a chain of up to `KETEN` moves, each household into the gemeente the previous one left
//!   (`h1: g1 -> g2, h2: g2 -> g3, ...`), which lets a household into a full gemeente that
//!   passes one of its own on. The best chains are found by dynamic programming over
//!   (gemeente, size of the household coming in).
//!
//! "Uncoupled" is one more gemeente, with room for everyone, no shortfall and fit
//! `-ongekoppeld_boete`, so coupling a household is a move like any other. Every step's gain is
//! computed exactly from the state before it is made.

use super::probleem::{doelwaarde, Gekozen, Probleem};
use crate::error::SolveError;
use crate::model::GemeenteIdx;

/// Gains below this are rounding noise, not improvements.
const EPS: f64 = 1e-7;

/// Sweeps over all gemeenten at most.
const MAX_RONDES: usize = 100;

/// Moves in a chain at most (see [`Zoekstand::ketens`]).
const KETEN: usize = 6;

/// How a chain reached a state of [`Zoekstand::ketens`]: the previous state (`None` at the
/// chain's first move) and the household that moved in; `None` where no chain reached it.
type Stap = Option<(Option<usize>, usize)>;

/// A move or swap between two gemeenten: its gain, the household that leaves the first for
/// the second, and the one that comes back in a swap.
type Zet = (f64, usize, Option<usize>);

/// A gemeente's place in the search's tables: its [`GemeenteIdx`] as a number, or
/// [`Zoekstand::los`]; a plain `usize`, as it is an offset into the dense tables too.
type Plek = usize;

/// The state of the search: who is where, the persons per gemeente, and the table of best
/// households per (gemeente, gemeente, size).
struct Zoekstand<'a> {
    p: &'a Probleem,
    /// Gemeenten and one more, [`Zoekstand::los`]: "uncoupled", with room for everyone, no
    /// shortfall and fit `-ongekoppeld_boete`; so coupling and uncoupling are moves too.
    gn: usize,
    /// The household sizes that occur, ascending; a size's index is its place here.
    maten: Vec<u32>,
    /// Size index per household.
    maat: Vec<usize>,
    /// Fit per (household, gemeente), `NaN` where not allowed; dense for quick lookups.
    fit: Vec<f64>,
    waar: Vec<Plek>,
    last: Vec<i64>,
    /// Free households per gemeente.
    leden: Vec<Vec<usize>>,
    /// (fit gain, household) per (from, to, size), see the module docs; no household where
    /// none of that size can make the move. Households as `u32`: an entry of 16 bytes keeps the
    /// table (read more than anything else here) as small as it can be.
    beste: Vec<(f64, Option<u32>)>,
    /// The best move or swap per (from, to) gemeente that gains ([`Self::paar_stap`]), as
    /// of the step of [`Self::paar_klok`]; a step's search is one row of this, brought up to
    /// date where a gemeente of the pair changed since.
    paren: Vec<Option<Zet>>,
    /// Per pair, the count of steps made when its entry of [`Self::paren`] was computed (0:
    /// never).
    paar_klok: Vec<u64>,
    /// Per gemeente, the count of steps made when it last changed (its members or load).
    gewijzigd: Vec<u64>,
    /// Steps made so far, plus one.
    klok: u64,
    /// The filled entries of [`Self::beste`] per (from, size), as (to, fit gain, household)
    /// in the order of `to`: what [`Self::ketens`] runs through.
    uit: Vec<Vec<(u32, f64, u32)>>,
    /// [`Self::last_winst`] per gemeente for every change of at most the largest size either
    /// way, kept with the gemeente's rows: the scans read it instead of recomputing shortfalls.
    lastwinst: Vec<Option<f64>>,
}

impl Zoekstand<'_> {
    /// The index that stands for "uncoupled".
    fn los(&self) -> Plek {
        self.gn - 1
    }

    fn fit(&self, h: usize, g: Plek) -> f64 {
        self.fit[h * self.gn + g]
    }

    /// Shortfall penalty of gemeente `g` at `l` persons.
    fn boete(&self, g: Plek, l: i64) -> f64 {
        self.p.tekort_boete * self.p.gemeenten[g].tekort(l)
    }

    /// What changing gemeente `g`'s load by `d` persons adds to the objective, `None` if it
    /// breaks the capacity.
    fn last_winst(&self, g: Plek, d: i64) -> Option<f64> {
        if g == self.los() {
            return Some(0.0);
        }
        let l = self.last[g];
        (l + d <= self.p.gemeenten[g].cap).then(|| self.boete(g, l) - self.boete(g, l + d))
    }

    /// The largest household size, the widest change [`Self::lastwinst`] holds either way.
    fn grootste(&self) -> i64 {
        self.maten.last().map_or(0, |&n| i64::from(n))
    }

    /// [`Self::last_winst`] of `g` and `d` (`|d|` at most [`Self::grootste`]) from the table.
    fn last_winst_bij(&self, g: Plek, d: i64) -> Option<f64> {
        let max = self.grootste();
        let i = usize::try_from(d + max).expect("a change within the table");
        self.lastwinst[g * (2 * max as usize + 1) + i]
    }

    fn index(&self, van: Plek, naar: Plek, m: usize) -> usize {
        (van * self.gn + naar) * self.maten.len() + m
    }

    /// Recomputes gemeente `g`'s rows of the table from its members.
    fn herbereken(&mut self, g: Plek) {
        let start = self.index(g, 0, 0);
        let eind = self.index(g + 1, 0, 0);
        self.beste[start..eind].fill((f64::NEG_INFINITY, None));
        let los = self.los();
        for &h in &self.leden[g] {
            let hier = self.fit(h, g);
            let m = self.maat[h];
            let hh = u32::try_from(h).expect("fewer than 2^32 households");
            // the largest gain, the lowest household of equals: the same in any order
            let kandidaten = self.p.huishoudens[h].kandidaten.iter();
            let opties = kandidaten.map(|&(k, s)| (k.idx(), s));
            for (naar, s) in opties.chain([(los, self.fit(h, los))]) {
                if naar == g {
                    continue;
                }
                let w = s - hier;
                let i = self.index(g, naar, m);
                let (b, k) = self.beste[i];
                if w > b || (w == b && k.is_none_or(|k| hh < k)) {
                    self.beste[i] = (w, Some(hh));
                }
            }
        }
        let ns = self.maten.len();
        for m in 0..ns {
            self.uit[g * ns + m].clear();
        }
        for naar in 0..self.gn {
            for m in 0..ns {
                if let (f, Some(h)) = self.beste[self.index(g, naar, m)] {
                    let naar = u32::try_from(naar).expect("fewer than 2^32 gemeenten");
                    self.uit[g * ns + m].push((naar, f, h));
                }
            }
        }
        let max = self.grootste();
        let breedte = 2 * max as usize + 1;
        for (i, d) in (-max..=max).enumerate() {
            self.lastwinst[g * breedte + i] = self.last_winst(g, d);
        }
    }

    fn verplaats(&mut self, h: usize, naar: Plek) {
        let n = i64::from(self.p.huishoudens[h].personen);
        let van = self.waar[h];
        self.last[van] -= n;
        self.leden[van].retain(|&k| k != h);
        self.last[naar] += n;
        self.leden[naar].push(h);
        self.waar[h] = naar;
    }

    /// The best move or swap of a household of `g1` to `g2` (and of one of `g2` back) that
    /// gains more than [`EPS`]; the first of equals, in the order of sizes.
    fn paar_stap(&self, g1: Plek, g2: Plek) -> Option<Zet> {
        let mut beste: Option<Zet> = None;
        let mut kies = |w: f64, h: usize, k: Option<usize>| {
            if w > EPS && beste.is_none_or(|(b, ..)| w > b) {
                beste = Some((w, h, k));
            }
        };
        let grootte = |m: usize| i64::from(self.maten[m]);
        for m1 in 0..self.maten.len() {
            let (f1, Some(h)) = self.beste[self.index(g1, g2, m1)] else {
                continue;
            };
            let h = h as usize;
            let n1 = grootte(m1);
            // move h to g2
            if let (Some(w1), Some(w2)) =
                (self.last_winst_bij(g1, -n1), self.last_winst_bij(g2, n1))
            {
                kies(f1 + w1 + w2, h, None);
            }
            // swap h with the best household of each size in g2
            for m2 in 0..self.maten.len() {
                let (f2, Some(k)) = self.beste[self.index(g2, g1, m2)] else {
                    continue;
                };
                let k = k as usize;
                let d = grootte(m2) - n1;
                if let (Some(w1), Some(w2)) =
                    (self.last_winst_bij(g1, d), self.last_winst_bij(g2, -d))
                {
                    kies(f1 + f2 + w1 + w2, h, Some(k));
                }
            }
        }
        beste
    }

    /// The best move or swap out of gemeente `g1`, as moves (household, gemeente): the best of
    /// its pairs, the first of equals.
    fn beste_stap(&mut self, g1: Plek) -> Option<Vec<(usize, Plek)>> {
        let mut beste: Option<(Zet, Plek)> = None;
        for g2 in (0..self.gn).filter(|&g2| g2 != g1) {
            let i = g1 * self.gn + g2;
            if self.paar_klok[i] < self.gewijzigd[g1].max(self.gewijzigd[g2]) {
                self.paren[i] = self.paar_stap(g1, g2);
                self.paar_klok[i] = self.klok;
            }
            if let Some(z) = self.paren[i] {
                if beste.is_none_or(|(b, _)| z.0 > b.0) {
                    beste = Some((z, g2));
                }
            }
        }
        beste.map(|((_, h, k), g2)| {
            let mut zetten = vec![(h, g2)];
            if let Some(k) = k {
                zetten.push((k, g1));
            }
            zetten
        })
    }

    /// What moving each household `h` of `zetten` to its gemeente adds to the objective now,
    /// if every move is allowed and every capacity kept afterwards (households distinct).
    fn winst(&self, zetten: &[(usize, Plek)]) -> Option<f64> {
        let mut delta: Vec<(Plek, i64)> = Vec::with_capacity(2 * zetten.len());
        let mut w = 0.0;
        for (i, &(h, naar)) in zetten.iter().enumerate() {
            let van = self.waar[h];
            if zetten[..i].iter().any(|&(k, _)| k == h) || van == naar {
                return None;
            }
            let s = self.fit(h, naar);
            if s.is_nan() {
                return None;
            }
            w += s - self.fit(h, van);
            let n = i64::from(self.p.huishoudens[h].personen);
            delta.push((van, -n));
            delta.push((naar, n));
        }
        delta.sort_unstable();
        let mut i = 0;
        while i < delta.len() {
            let g = delta[i].0;
            let mut d = 0;
            while i < delta.len() && delta[i].0 == g {
                d += delta[i].1;
                i += 1;
            }
            w += self.last_winst(g, d)?;
        }
        Some(w)
    }

    /// Makes the moves and brings the table up to date.
    fn pas_toe(&mut self, zetten: &[(usize, Plek)]) {
        let mut geraakt = Vec::with_capacity(2 * zetten.len());
        for &(h, naar) in zetten {
            geraakt.push(self.waar[h]);
            geraakt.push(naar);
            self.verplaats(h, naar);
        }
        geraakt.sort_unstable();
        geraakt.dedup();
        self.klok += 1;
        for g in geraakt {
            self.herbereken(g);
            self.gewijzigd[g] = self.klok;
        }
    }

    /// One step of [`Self::ketens`]: a household of size `m` leaves `g`, where the chain so far
    /// (state `vorig`) is worth `basis`; each gemeente it can go to is reached at `basis` plus
    /// its fit gain, kept where that beats `waarde`.
    fn stap(
        &self,
        g: Plek,
        m: usize,
        basis: f64,
        vorig: Option<usize>,
        waarde: &mut [f64],
        van: &mut [Stap],
    ) {
        let ns = self.maten.len();
        for &(naar, f, h) in &self.uit[g * ns + m] {
            let (naar, h) = (naar as usize, h as usize);
            let u = naar * ns + m;
            if basis + f > waarde[u] {
                waarde[u] = basis + f;
                van[u] = Some((vorig, h));
            }
        }
    }

    /// Chains of up to [`KETEN`] moves, each household into the gemeente the previous one
    /// left: `h1: g1 -> g2, h2: g2 -> g3, ...`. Found by dynamic programming over (gemeente,
    /// size of the household that comes in), with the best household per step from the
    /// table; per end state the best chain, with its estimated gain. The estimate is exact
    /// when the chain visits no gemeente twice; [`Self::winst`] decides.
    fn ketens(&self) -> Vec<(f64, Vec<(usize, Plek)>)> {
        let ns = self.maten.len();
        let toestanden = self.gn * ns;
        let grootte = |m: usize| i64::from(self.maten[m]);
        // per level: value of arriving in (gemeente, size), and where from
        let mut waarde = vec![f64::NEG_INFINITY; toestanden];
        let mut terug: Vec<Vec<Stap>> = Vec::with_capacity(KETEN);
        let mut eerste = vec![None; toestanden];
        for g in 0..self.gn {
            for m in 0..ns {
                if let Some(weg) = self.last_winst_bij(g, -grootte(m)) {
                    self.stap(g, m, weg, None, &mut waarde, &mut eerste);
                }
            }
        }
        terug.push(eerste);
        let mut uit: Vec<(f64, usize, usize)> = Vec::new(); // (gain, level, state)
        for niveau in 0..KETEN {
            // chains that end here: the last gemeente takes the household in
            for (t, &v) in waarde.iter().enumerate() {
                if v > f64::NEG_INFINITY {
                    if let Some(erbij) = self.last_winst_bij(t / ns, grootte(t % ns)) {
                        if v + erbij > EPS {
                            uit.push((v + erbij, niveau, t));
                        }
                    }
                }
            }
            if niveau + 1 == KETEN {
                break;
            }
            let mut volgend = vec![f64::NEG_INFINITY; toestanden];
            let mut van = vec![None; toestanden];
            // a step out of g with a household of size m goes on from the best way into g
            // (any size m_in, the first of equals): the steps from the others cannot win
            for g in 0..self.gn {
                for m in 0..ns {
                    let mut beste: Option<(f64, usize)> = None;
                    for m_in in 0..ns {
                        let t = g * ns + m_in;
                        if waarde[t] == f64::NEG_INFINITY {
                            continue;
                        }
                        let d = grootte(m_in) - grootte(m);
                        if let Some(midden) = self.last_winst_bij(g, d) {
                            let b = waarde[t] + midden;
                            if beste.is_none_or(|(w, _)| b > w) {
                                beste = Some((b, t));
                            }
                        }
                    }
                    if let Some((b, t)) = beste {
                        self.stap(g, m, b, Some(t), &mut volgend, &mut van);
                    }
                }
            }
            waarde = volgend;
            terug.push(van);
        }
        uit.sort_by(|a, b| b.0.total_cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
        uit.into_iter()
            .map(|(w, niveau, t)| {
                let mut zetten = Vec::with_capacity(niveau + 1);
                let mut t = Some(t);
                for l in (0..=niveau).rev() {
                    let u = t.expect("a state before the chain's first move");
                    let (vorig, h) = terug[l][u].expect("a state the chain reached");
                    zetten.push((h, u / ns));
                    t = vorig;
                }
                zetten.reverse();
                (w, zetten)
            })
            .collect()
    }
}

/// Improves `toewijzing` (which must keep every rule of `p`) by moves, swaps and chains of free
/// households until none gains; the result keeps every rule and is worth at least as
/// much. Returned unchanged under a spread bound, which a move could break.
pub fn verbeter(p: &Probleem, toewijzing: Vec<Option<GemeenteIdx>>) -> Vec<Option<GemeenteIdx>> {
    if p.regio_vloer.is_some() {
        return toewijzing;
    }
    let gn = p.gemeenten.len() + 1;
    let los = gn - 1;
    let mut maten: Vec<u32> = p.huishoudens.iter().map(|h| h.personen).collect();
    maten.sort_unstable();
    maten.dedup();
    let mut fit = vec![f64::NAN; p.huishoudens.len() * gn];
    for (h, hm) in p.huishoudens.iter().enumerate() {
        for &(g, s) in &hm.kandidaten {
            fit[h * gn + g.idx()] = s;
        }
        fit[h * gn + los] = -p.ongekoppeld_boete;
    }
    let mut stand = Zoekstand {
        p,
        gn,
        maat: p
            .huishoudens
            .iter()
            .map(|h| {
                maten
                    .binary_search(&h.personen)
                    .expect("a size that occurs")
            })
            .collect(),
        beste: vec![(f64::NEG_INFINITY, None); gn * gn * maten.len()],
        paren: vec![None; gn * gn],
        paar_klok: vec![0; gn * gn],
        gewijzigd: vec![1; gn],
        klok: 1,
        uit: vec![Vec::new(); gn * maten.len()],
        lastwinst: vec![None; gn * (2 * *maten.last().unwrap_or(&0) as usize + 1)],
        maten,
        fit,
        waar: vec![los; p.huishoudens.len()],
        last: vec![0; gn],
        leden: vec![Vec::new(); gn],
    };
    for (h, (hm, g)) in p.huishoudens.iter().zip(toewijzing).enumerate() {
        let g = g.map_or(los, GemeenteIdx::idx);
        if hm.vast {
            // counted, never moved
            stand.waar[h] = g;
            stand.last[g] += i64::from(hm.personen);
        } else {
            stand.leden[los].push(h);
            stand.verplaats(h, g);
        }
    }
    for g in 0..gn {
        stand.herbereken(g);
    }
    for _ in 0..MAX_RONDES {
        let mut beter = false;
        for g1 in 0..gn {
            // each step's gain recomputed from the state before it is made, as a chain's
            while let Some(zetten) = stand.beste_stap(g1) {
                if !stand.winst(&zetten).is_some_and(|w| w > EPS) {
                    break;
                }
                stand.pas_toe(&zetten);
                beter = true;
            }
        }
        for (_, zetten) in stand.ketens() {
            if stand.winst(&zetten).is_some_and(|w| w > EPS) {
                stand.pas_toe(&zetten);
                beter = true;
            }
        }
        if !beter {
            break;
        }
    }
    stand
        .waar
        .into_iter()
        .map(|g| (g != los).then(|| GemeenteIdx::new(g)))
        .collect()
}

/// [`verbeter`] on a koppeling with its value: the better of the two, checked by
/// [`doelwaarde`].
pub(super) fn gepolijst(p: &Probleem, k: Gekozen) -> Result<Gekozen, SolveError> {
    let toewijzing = verbeter(p, k.0.clone());
    let waarde = doelwaarde(p, &toewijzing).map_err(SolveError::ZoekBreektRegel)?;
    Ok(if waarde.doelwaarde > k.1.doelwaarde {
        (toewijzing, waarde)
    } else {
        k
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solve::testdata;
    use crate::solve::testdata::toewijzing;
    use crate::solve::{GemeenteModel, HuishoudenModel};

    fn gemeente(cap: i64) -> GemeenteModel {
        testdata::gemeente(cap, 0.0)
    }

    fn huishouden(kandidaten: Vec<(usize, f64)>) -> HuishoudenModel {
        testdata::huishouden(1, kandidaten)
    }

    fn probleem(
        gemeenten: Vec<GemeenteModel>,
        huishoudens: Vec<HuishoudenModel>,
        tekort_boete: f64,
        regio_vloer: Option<f64>,
    ) -> Probleem {
        Probleem {
            tekort_boete,
            regio_vloer,
            ..testdata::probleem(gemeenten, huishoudens)
        }
    }

    #[test]
    fn a_chain_lets_a_household_into_a_full_gemeente() {
        // household 0 in gemeente 0 would gain 5 in gemeente 1, which is full with household 1;
        // household 1 may not go to gemeente 0 (no swap) and is as good in gemeente 2 (moving
        // it alone gains nothing): only the chain 1 -> 2, 0 -> 1 gains
        let p = probleem(
            vec![gemeente(1), gemeente(1), gemeente(1)],
            vec![
                huishouden(vec![(0, 1.0), (1, 6.0)]),
                huishouden(vec![(1, 3.0), (2, 3.0)]),
            ],
            0.0,
            None,
        );
        assert_eq!(
            verbeter(&p, toewijzing([Some(0), Some(1)])),
            toewijzing([Some(1), Some(2)])
        );
    }

    #[test]
    fn sizes_are_swapped_to_meet_the_targets() {
        // a couple and a single in the wrong places: gemeente 1 is a person short; swapping them
        // removes the shortfall at no loss of fit
        let mut p = probleem(
            vec![gemeente(2), gemeente(2)],
            vec![
                huishouden(vec![(0, 4.0), (1, 4.0)]),
                huishouden(vec![(0, 4.0), (1, 4.0)]),
            ],
            1.0,
            None,
        );
        p.huishoudens[0].personen = 2;
        p.gemeenten[0].doel = 1.0;
        p.gemeenten[1].doel = 2.0;
        let start = toewijzing([Some(0), Some(1)]);
        let t = verbeter(&p, start.clone());
        assert_eq!(t, toewijzing([Some(1), Some(0)]));
        let voor = doelwaarde(&p, &start).unwrap().doelwaarde;
        assert_eq!(doelwaarde(&p, &t).unwrap().doelwaarde, voor + 1.0);
    }

    #[test]
    fn nothing_changes_under_a_spread_bound() {
        let p = probleem(
            vec![gemeente(1), gemeente(1)],
            vec![huishouden(vec![(0, 1.0), (1, 6.0)])],
            0.0,
            Some(0.5),
        );
        assert_eq!(verbeter(&p, toewijzing([Some(0)])), toewijzing([Some(0)]));
    }
}
