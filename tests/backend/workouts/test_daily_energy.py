import pytest

from backend.workouts import calories


def test_it_computes_the_mifflin_st_jeor_bmr() -> None:
    # 10 × 80 + 6.25 × 180 − 5 × 30 + 5 = 1780 kcal (man); 10 × 60 + 6.25 × 165 − 5 × 25 − 161
    # = 1345.25 kcal (woman): the equation of Mifflin et al. 1990 worked by hand
    assert calories.bmr_mifflin_st_jeor(sex="male", bodyweight_kg=80, height_cm=180, age=30) == 1780
    assert (
        calories.bmr_mifflin_st_jeor(sex="female", bodyweight_kg=60, height_cm=165, age=25)
        == 1345.25
    )


@pytest.mark.parametrize(
    ("activity", "tdee"),
    [
        ("sedentary", 2136.0),
        ("light", 2447.5),
        ("moderate", 2759.0),
        ("active", 3070.5),
        ("very_active", 3382.0),
    ],
)
def test_it_multiplies_the_bmr_by_the_activity_factor(activity: str, tdee: float) -> None:
    energy = calories.daily_energy(
        sex="male", bodyweight_kg=80, height_cm=180, age=30, activity=activity
    )

    assert energy.bmr_kcal == 1780
    assert energy.tdee_kcal == pytest.approx(tdee)


def test_it_rejects_an_unknown_activity_or_sex() -> None:
    with pytest.raises(ValueError):
        calories.daily_energy(sex="male", bodyweight_kg=80, height_cm=180, age=30, activity="x")
    with pytest.raises(ValueError):
        calories.bmr_mifflin_st_jeor(sex="", bodyweight_kg=80, height_cm=180, age=30)
