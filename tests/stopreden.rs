//! The status of a run names why it stopped: `tijdslimiet` only when the time limit was
//! reached, a cap on the size of pricing's MIP by its own name (`omvanglimiet`), a node limit
//! as `gestopt`, and `optimaal` exactly when the one rule of proof says so.

use std::time::Instant;

use kansrijk::solve::opties::bewezen;
use kansrijk::solve::{gap_in_kracht, Opties, Status};
use kansrijk::MatchOpties;

/// The embedded example solved by pricing (it is small enough to be solved whole by default)
/// to the exact optimum, with `opties` on top; the status and the seconds the solve took.
fn door_prijzen(opties: Opties) -> (kansrijk::solve::Oplossing, f64) {
    let solver = Opties {
        prijzen_vanaf: 0,
        gap: Some(0.0),
        ..opties
    };
    let t0 = Instant::now();
    let u = kansrijk::run(&MatchOpties {
        solver,
        ..MatchOpties::default()
    })
    .unwrap();
    (u.oplossing, t0.elapsed().as_secs_f64())
}

#[test]
fn a_cap_on_the_mip_is_named_as_such_not_as_the_time_limit() {
    // room for one option in the MIP of reduced-cost fixing: the proof cannot close, long
    // before the time limit
    let (o, secs) = door_prijzen(Opties {
        mip_opties: 1,
        ..Opties::default()
    });
    assert!(secs < Opties::default().tijdslimiet, "{secs} s");
    assert_eq!(o.status, Status::Omvanglimiet, "{o:?}");
    assert!(!bewezen(o.doelwaarde, o.grens, 0.0), "{o:?}");
    assert!(o.gap > 0.0);
    // without the cap the same run is proven
    let (o, _) = door_prijzen(Opties::default());
    assert_eq!(o.status, Status::Optimaal, "{o:?}");
    assert!(bewezen(
        o.doelwaarde,
        o.grens,
        gap_in_kracht(Some(0.0), true)
    ));
}

#[test]
fn a_run_stopped_by_its_time_limit_says_tijdslimiet() {
    let limiet = 0.05;
    let (o, secs) = door_prijzen(Opties {
        tijdslimiet: limiet,
        ..Opties::default()
    });
    assert_eq!(o.status, Status::Tijdslimiet, "{o:?}");
    assert!(secs >= limiet, "{secs} s");
    assert!(!bewezen(o.doelwaarde, o.grens, 0.0), "{o:?}");
}

#[test]
fn a_run_stopped_by_its_node_limit_is_not_called_proven_and_needs_no_clock() {
    // no time limit, no node past the root of any MIP: the run stops by work alone
    let (o, _) = door_prijzen(Opties {
        tijdslimiet: f64::INFINITY,
        knooppunten: Some(0),
        ..Opties::default()
    });
    let kort = format!("{:?} {} {}", o.status, o.doelwaarde, o.grens);
    assert_eq!(o.status, Status::Gestopt, "{kort}");
    assert!(!bewezen(o.doelwaarde, o.grens, 0.0), "{kort}");
    // and where it stops depends on the work done, not on the clock
    let (nog_eens, _) = door_prijzen(Opties {
        tijdslimiet: f64::INFINITY,
        knooppunten: Some(0),
        ..Opties::default()
    });
    assert_eq!(nog_eens.toewijzing, o.toewijzing);
}
