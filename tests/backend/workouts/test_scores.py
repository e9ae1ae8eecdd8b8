import pytest

from backend.workouts import scores


@pytest.mark.parametrize(
    ("sex", "bodyweight", "coefficient"),
    [
        # Powerlifting Australia's published Wilks 2020 coefficient table (checkpoints in
        # data/coaching/powerlifting_score_coefficients.json)
        ("male", 40, 1.4463),
        ("male", 60, 0.9991),
        ("male", 80, 0.8179),
        ("male", 100, 0.7304),
        ("male", 140, 0.6582),
        ("male", 200.95, 0.6153),
        ("female", 40, 1.8524),
        ("female", 60, 1.3194),
        ("female", 70, 1.208),
        ("female", 100, 1.0608),
        ("female", 150.95, 0.9796),
    ],
)
def test_wilks2020_matches_the_published_table(
    sex: scores.Sex, bodyweight: float, coefficient: float
) -> None:
    assert round(scores.wilks2020_coefficient(sex=sex, bodyweight_kg=bodyweight), 4) == coefficient


def test_ipf_gl_matches_published_results() -> None:
    # Dmitry Inzarkin, 2019 IPF Worlds, equipped: 92.04 kg, 1035 kg → 112.85 GL
    assert (
        round(
            scores.ipf_gl(sex="male", bodyweight_kg=92.04, total_kg=1035, equipment="Single-ply"), 2
        )
        == 112.85
    )
    # Susanna Torronen, 2019 Classic Bench Worlds: 70.5 kg, 122.5 kg bench → 96.78 GL
    assert (
        round(scores.ipf_gl(sex="female", bodyweight_kg=70.5, total_kg=122.5, event="B"), 2)
        == 96.78
    )


def test_ipf_gl_is_zero_under_35_kg() -> None:
    assert scores.ipf_gl(sex="male", bodyweight_kg=34, total_kg=300) == 0.0


def test_dots_follows_the_bvdk_polynomial_and_clamps_bodyweight() -> None:
    # 500 / (A·x⁴ + B·x³ + C·x² + D·x + E) with OpenPowerlifting's coefficients, worked by hand
    # at 100 kg: -109.3 + 739.1293 - 1918.759221 + 2409.00756 - 307.75076 = 812.326879
    assert scores.dots_coefficient(sex="male", bodyweight_kg=100) == pytest.approx(500 / 812.326879)
    assert scores.dots(sex="male", bodyweight_kg=250, total_kg=800) == scores.dots(
        sex="male", bodyweight_kg=210, total_kg=800
    )
    assert scores.dots(sex="female", bodyweight_kg=30, total_kg=300) == scores.dots(
        sex="female", bodyweight_kg=40, total_kg=300
    )


def test_dots_and_wilks_scale_with_the_total() -> None:
    one = scores.scores_for(sex="male", bodyweight_kg=90, total_kg=300)
    two = scores.scores_for(sex="male", bodyweight_kg=90, total_kg=600)

    assert two.dots == pytest.approx(2 * one.dots)
    assert two.wilks2020 == pytest.approx(2 * one.wilks2020)
    assert two.ipf_gl == pytest.approx(2 * one.ipf_gl)


def test_it_places_a_dots_score_among_raw_lifters() -> None:
    # liftgauge: men 93 kg p25 352, p50 391
    assert scores.dots_percentile(sex="male", bodyweight_kg=92, dots_points=391).percentile == 50
    middle = scores.dots_percentile(sex="male", bodyweight_kg=92, dots_points=371.5)
    assert middle.percentile == pytest.approx(37.5)
    assert middle.weight_class_kg == 93


def test_it_says_when_a_dots_score_is_outside_the_published_range() -> None:
    low = scores.dots_percentile(sex="female", bodyweight_kg=60, dots_points=200)
    high = scores.dots_percentile(sex="female", bodyweight_kg=60, dots_points=500)

    assert (low.below, low.percentile, low.weight_class_kg) == (True, 10.0, 63)
    assert (high.above, high.percentile) == (True, 90.0)


def test_it_rejects_an_unknown_sex() -> None:
    with pytest.raises(ValueError):
        scores.dots(sex="x", bodyweight_kg=80, total_kg=500)  # type: ignore[arg-type]
