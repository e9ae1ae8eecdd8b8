import pytest

from backend.workouts.calories import energy, session_energy, set_energy, set_seconds


def test_it_applies_met_times_kilograms_times_hours():
    # 6 MET for one hour by an 80 kg lifter: 480 kcal gross, 400 net
    actual = energy(met=6.0, bodyweight_kg=80, seconds=3600)
    assert (actual.gross_kcal, actual.net_kcal) == (pytest.approx(480), pytest.approx(400))


def test_it_models_a_set_as_work_plus_rest():
    assert set_seconds(reps=5) == 5 * 3 + 90


def test_it_gives_a_plausible_figure_for_a_heavy_set():
    # 5 reps of a barbell lift (6 MET) by an 80 kg lifter: 105 s → 14 kcal, not the 4 kcal of
    # the mechanical-work formula
    assert set_energy(met=6.0, bodyweight_kg=80, reps=5).gross_kcal == pytest.approx(14.0)


def test_it_falls_back_to_a_default_bodyweight():
    assert set_energy(met=6.0, bodyweight_kg=None, reps=5).gross_kcal == pytest.approx(13.125)


def test_it_scales_a_session_to_its_real_duration():
    sets = [(6.0, 5), (6.0, 5), (3.5, 10)]
    modelled = session_energy(sets=sets, bodyweight_kg=80)
    real = session_energy(sets=sets, bodyweight_kg=80, duration_seconds=1800)
    assert sum(e.seconds for e in real) == pytest.approx(1800)
    assert real[0].gross_kcal / modelled[0].gross_kcal == pytest.approx(1800 / (105 + 105 + 120))


def test_it_falls_back_to_a_default_bodyweight_for_a_session():
    (only,) = session_energy(sets=[(6.0, 5)], bodyweight_kg=None)
    assert only.gross_kcal == pytest.approx(13.125)  # 6 MET × 75 kg × 105 s


def test_it_rejects_impossible_inputs():
    with pytest.raises(ValueError, match="met must be ≥ 1, bodyweight positive"):
        energy(met=0.5, bodyweight_kg=80, seconds=60)
