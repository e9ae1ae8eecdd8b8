# ruff: noqa: E501  (a message catalogue reads best one message a line)
"""The bot's words in English and Korean, picked by the lifter's Telegram language."""

from __future__ import annotations

from typing import Literal

from backend.workouts import display

Language = Literal["en", "ko"]

EN: dict[str, str] = {
    # onboarding
    "welcome": (
        "Welcome to SBD Animal! Log a set by just sending it, e.g. <code>bench 100x5</code>.\n"
        "A few questions so I can rank your lifts (send /cancel to skip)."
    ),
    "ask_sex": "Are you a man or a woman? (strength standards differ)",
    "ask_birth_year": "What year were you born? e.g. <code>1994</code>",
    "ask_bodyweight": "What is your bodyweight? e.g. <code>82.5</code> or <code>180lb</code>",
    "ask_units": "Which unit do you log in?",
    "ask_timezone": "Your timezone? Send your city, e.g. <code>Seoul</code>, or pick one.",
    "bad_birth_year": "Send a year between {low} and {high}, e.g. <code>1994</code> (or your age: <code>30 years old</code>).",
    "bad_bodyweight": "Send a bodyweight between 20 and 400 kg, e.g. <code>82.5</code>.",
    "bad_timezone": "I don't know that timezone. Send a city like <code>Seoul</code> or <code>New York</code>, or a zone like <code>Europe/Berlin</code>.",
    "timezone_pick": "Several timezones match. Which one?",
    "timezone_options": "Several timezones match: {options}.",
    "profile_saved": "Saved: {summary}. Now send a set, e.g. <code>squat 100x5</code>.",
    "profile_cancelled": "OK, skipped. Send /start any time to finish your profile.",
    "linked": "Your Telegram is now linked to {email}.",
    "link_failed": "That link is invalid or expired. Make a new one from your web profile.",
    "male": "Man",
    "female": "Woman",
    "skip": "Skip",
    "complete_profile": "Complete profile",
    # logging
    "entry": "<b>{exercise}</b> {load} × {reps}{sets}{rpe}",
    "e1rm": "e1RM {e1rm}",
    "level": "{level}, stronger than {percentile}% of lifters like you",
    "next_level": "{kg} to {level}",
    "top_level": "top level reached",
    "calories": "{kcal}",
    "pr_e1rm": "🏆 New PR: e1RM {value} (was {previous})",
    "pr_weight": "🏆 New PR: {value} × {reps} (was {previous})",
    "need_profile": "Tell me your sex, age and bodyweight to see your level and percentile.",
    "logged_on": "logged for {date}",
    "duplicate": "Already logged.",
    # plausibility questions (backend.workouts.plausibility reasons), asked before storing
    "doubt_no_load": "{set} on {exercise} is hardly any load.",
    "doubt_many_reps": "{set} on {exercise} is a lot of reps for a loaded lift.",
    "doubt_above_ceiling": "{set} on {exercise} would be an e1RM of {e1rm}, beyond what the strength standards expect.",
    "doubt_far_above": "{set} is far above your best on {exercise} (e1RM {best}).",
    "doubt_far_below": "{set} is far below your best on {exercise} (e1RM {best}).",
    "doubt_ambiguous": "{exercise} {set} reads two ways.",
    "doubt_mean": "Did you mean {readings}?",
    "doubt_or": " or ",
    "doubt_as_typed": "Log it as typed?",
    "keep_as_typed": "Yes, as typed",
    "cancel": "Cancel",
    "cancelled": "Cancelled, nothing logged.",
    "new_exercise": "New exercise “{name}”? I'll add it to your own exercises and log the set.",
    "new_exercise_create": "Create",
    "new_exercise_mean": "Did you mean {exercise}?",
    "no_standards": "no strength standards for {exercise} yet — e1RM and PRs are tracked",
    "top_e1rm_title": "Top {exercise} in this group (by e1RM, no standards yet):",
    "top_e1rm_line": "{rank}. {name}: {e1rm}",
    "expired": "This question has expired; send the set again.",
    # parse errors
    "err_empty": "Send a set like <code>{example}</code>.",
    "err_too_long": "That message is too long (max {limit} characters). Try <code>{example}</code>.",
    "err_no_numbers": "To log a set send the exercise, weight and reps, e.g. <code>{example}</code>.",
    "err_no_exercise": "Start with the exercise name, e.g. <code>{example}</code>.",
    "err_unknown_exercise": "I don't know the exercise “{name}”. Try e.g. <code>{example}</code>.",
    "err_unexpected": "I didn't understand “{text}”. Try e.g. <code>{example}</code>.",
    "err_no_reps": "How many reps? e.g. <code>{example}</code>.",
    "err_no_weight": "What weight? e.g. <code>{example}</code>.",
    "err_bad_reps": "Reps must be a whole number from {low} to {high}, e.g. <code>{example}</code>.",
    "err_bad_weight": "Weight must be between 0 and {high} kg, e.g. <code>{example}</code>.",
    "err_bad_added_weight": (
        "Added weight must be between {low} and +{high} kg (negative = assisted), "
        "e.g. <code>{example}</code>."
    ),
    "err_precise_weight": "Use at most two decimals, e.g. <code>{example}</code>.",
    "err_bad_rpe": "RPE goes from 1 to 10 in steps of 0.5, e.g. <code>{example}</code>.",
    "err_two_rpe": "One RPE per message, e.g. <code>{example}</code>.",
    "err_too_many_sets": "At most {limit} sets per message, e.g. <code>{example}</code>.",
    "err_mixed_units": "Use one unit per message, e.g. <code>{example}</code>.",
    "err_bad_date": "“{date}” is not a date. Use YYYY-MM-DD, e.g. <code>{example}</code>.",
    "err_future_date": "{date} is in the future. e.g. <code>{example}</code>.",
    # commands
    "usage": "Usage: <code>{usage}</code>, e.g. <code>{example}</code>.",
    "undo_done": "Removed: {what}.",
    "undo_nothing": "Nothing to undo.",
    "edit_pick": "Your last entries; pick one to change or delete:",
    "edit_none": "No entries yet. Log one, e.g. <code>bench 100x5</code>.",
    "edit_ask": "Send the new weight and reps for {what}, e.g. <code>{example}</code>.",
    "edit_done": "Changed to {what}.",
    "edit_cancelled": "Cancelled, the set is unchanged.",
    "deleted": "Deleted {what}.",
    "delete": "Delete",
    "history_title": "Your last sets{exercise}:",
    "history_none": "No sets yet{exercise}.",
    "pr_title": "Your personal records:",
    "pr_line": "<b>{exercise}</b>: e1RM {e1rm}, heaviest {heaviest}",
    "pr_none": "No records yet. Log a set, e.g. <code>bench 100x5</code>.",
    "chart_caption": "{exercise}, last {period}",
    "chart_none": "No {exercise} sets in the last {period}.",
    "calc": "{exercise} {load} × {reps}: e1RM {e1rm}",
    "calc_reps": "{reps}: {load}",
    "bw_saved": "Bodyweight saved: {weight}.",
    "units_pick": "Which unit do you want? Now: {unit}.",
    "units_saved": "Units: {unit}.",
    "timezone_saved": "Timezone: {timezone}.",
    "timezone_now": "Your timezone is {timezone}. Change it with <code>/timezone Asia/Seoul</code>.",
    "export_caption": "All your sets ({count}).",
    "export_none": "Nothing to export yet.",
    "import_preview": (
        "{source} export: {new} new sets ({warmups} warm-ups, kept and marked), "
        "{duplicates} already logged.{skipped}{unit}{unknown}"
    ),
    "import_skipped": "\nNot stored: {reasons}.",
    "import_reason_rest": "{count} rest timers",
    "import_reason_note": "{count} notes",
    "import_reason_timed": "{count} timed or cardio rows",
    "import_reason_empty": "{count} empty rows",
    "import_reason_invalid": "{count} negative or absurd values",
    "import_unit_guess": "\nWeights read as {unit}: the file has no unit, this is a guess from the numbers.",
    "import_unit_chosen": "\nWeights read as {unit}, as you chose.",
    "import_unknown": "\nExercises I don't know (not imported until you choose):\n{names}",
    "import_unknown_row": "• {name}: {rows} sets{choice}",
    "import_choice_own": " → new own exercise",
    "import_choice_map": " → {name}",
    "import_own_button": "Create “{name}”",
    "import_own_all": "Create all as own exercises",
    "import_unit_switch": "Weights are in {unit}",
    "import_progress": "Importing… {done} of {total} sets.",
    "import_done": "Imported {count} sets.",
    "import_bad": "I can't read this file: {reason}. Send a CSV export of Strong, Hevy or Strength Level.",
    "import_button": "Import",
    "ask_sent": "Sent to the admins (#{id}). The answer will come here.",
    "register_sent": "I sent a 6-digit code to {email}. Send it with <code>/verify 123456</code>.",
    "register_failed": "{reason}",
    "verify_done": "Email {email} verified.",
    "verify_failed": "{reason}",
    "deleteme_confirm": "Delete your account and all your sets? This can't be undone.",
    "deleteme_yes": "Yes, delete everything",
    "deleteme_done": "Your data is deleted. Goodbye!",
    "top_title": "Top {exercise} in this group (by percentile):",
    "top_line": "{rank}. {name}: {percentile}% ({level})",
    "top_none": "Nobody here has opted in with a ranked {exercise} yet. Send /top join to join.",
    "top_joined": "You're on this group's leaderboard. /top leave to leave.",
    "top_left": "You left this group's leaderboard.",
    "group_only": "This works in group chats.",
    "error": "Sorry, something went wrong. Please try again.",
    "help": (
        "<b>Log a set</b> by sending it:\n"
        "<code>bench 100x5</code> · <code>bench 100x5x3 @8</code> · <code>squat 225lb 5</code>\n"
        "<code>ohp 60 5 5 4</code> · <code>dips +20x8</code> · <code>pullups -15x6</code>\n"
        "<code>yesterday squat 100x5</code> · <code>2026-11-20 bench 90x8</code>\n\n"
        "/undo, /edit, /history [exercise], /pr, /chart bench 3m, /calc bench 100x5, /bw 82.5,\n"
        "/units, /timezone, /export, /ask &lt;question&gt;, /register &lt;email&gt;, /verify &lt;code&gt;,\n"
        "/deleteme, /top &lt;exercise&gt; (groups). Send a Strong, Hevy or Strength Level CSV to "
        "import it."
    ),
}

KO: dict[str, str] = {
    "welcome": (
        "SBD Animal에 오신 걸 환영해요! 세트를 그냥 보내면 기록돼요. 예: <code>스쿼트 100 5</code>\n"
        "순위를 계산하려면 몇 가지 질문에 답해 주세요 (/cancel 로 건너뛰기)."
    ),
    "ask_sex": "성별이 어떻게 되세요? (근력 기준이 달라요)",
    "ask_birth_year": "태어난 해는요? 예: <code>1994</code>",
    "ask_bodyweight": "체중은요? 예: <code>82.5</code> 또는 <code>180lb</code>",
    "ask_units": "어떤 단위로 기록하세요?",
    "ask_timezone": "시간대는요? 사는 도시(예: <code>서울</code>)를 보내거나 고르세요.",
    "bad_birth_year": "{low}에서 {high} 사이의 연도를 보내 주세요. 예: <code>1994</code> (나이도 돼요: <code>30살</code>)",
    "bad_bodyweight": "20~400 kg 사이 체중을 보내 주세요. 예: <code>82.5</code>",
    "bad_timezone": "모르는 시간대예요. <code>서울</code>, <code>New York</code> 같은 도시나 <code>Asia/Seoul</code> 처럼 보내 주세요.",
    "timezone_pick": "여러 시간대가 있어요. 어느 것인가요?",
    "timezone_options": "여러 시간대가 있어요: {options}.",
    "profile_saved": "저장했어요: {summary}. 이제 세트를 보내 보세요. 예: <code>스쿼트 100 5</code>",
    "profile_cancelled": "건너뛰었어요. 언제든 /start 로 프로필을 완성할 수 있어요.",
    "linked": "텔레그램이 {email} 계정과 연결됐어요.",
    "link_failed": "링크가 잘못됐거나 만료됐어요. 웹 프로필에서 새로 만들어 주세요.",
    "male": "남성",
    "female": "여성",
    "skip": "건너뛰기",
    "complete_profile": "프로필 완성하기",
    "entry": "<b>{exercise}</b> {load} × {reps}{sets}{rpe}",
    "e1rm": "추정 1RM {e1rm}",
    "level": "{level}, 비슷한 사람 중 상위 {top}% (하위 {percentile}%보다 강함)",
    "next_level": "{level}까지 {kg}",
    "top_level": "최고 레벨 달성",
    "calories": "{kcal}",
    "pr_e1rm": "🏆 신기록: 추정 1RM {value} (이전 {previous})",
    "pr_weight": "🏆 신기록: {value} × {reps} (이전 {previous})",
    "need_profile": "레벨과 백분위를 보려면 성별, 나이, 체중을 알려 주세요.",
    "logged_on": "{date} 기록",
    "duplicate": "이미 기록됐어요.",
    # plausibility questions (backend.workouts.plausibility reasons), asked before storing
    "doubt_no_load": "{exercise} {set}은(는) 무게가 거의 없어요.",
    "doubt_many_reps": "{exercise} {set}은(는) 무게를 든 운동치고 횟수가 너무 많아요.",
    "doubt_above_ceiling": "{exercise} {set}이면 추정 1RM {e1rm}로, 근력 기준표가 예상하는 범위를 넘어요.",
    "doubt_far_above": "{set}은(는) {exercise} 최고 기록(추정 1RM {best})보다 훨씬 높아요.",
    "doubt_far_below": "{set}은(는) {exercise} 최고 기록(추정 1RM {best})보다 훨씬 낮아요.",
    "doubt_ambiguous": "{exercise} {set}은(는) 두 가지로 읽혀요.",
    "doubt_mean": "{readings} 아닌가요?",
    "doubt_or": " 또는 ",
    "doubt_as_typed": "입력한 대로 기록할까요?",
    "keep_as_typed": "네, 입력한 대로",
    "cancel": "취소",
    "cancelled": "취소했어요. 기록하지 않았어요.",
    "new_exercise": "새 운동 “{name}”인가요? 내 운동에 추가하고 세트를 기록할게요.",
    "new_exercise_create": "만들기",
    "new_exercise_mean": "{exercise}을(를) 말씀하신 건가요?",
    "no_standards": "{exercise}은(는) 아직 근력 기준이 없어요 — 추정 1RM과 PR은 기록돼요",
    "top_e1rm_title": "이 그룹의 {exercise} 순위 (추정 1RM 기준, 기준표 없음):",
    "top_e1rm_line": "{rank}. {name}: {e1rm}",
    "expired": "만료된 질문이에요. 세트를 다시 보내 주세요.",
    "err_empty": "세트를 보내 주세요. 예: <code>{example}</code>",
    "err_too_long": "메시지가 너무 길어요 (최대 {limit}자). 예: <code>{example}</code>",
    "err_no_numbers": "운동, 무게, 횟수를 보내 주세요. 예: <code>{example}</code>",
    "err_no_exercise": "운동 이름부터 써 주세요. 예: <code>{example}</code>",
    "err_unknown_exercise": "“{name}” 운동을 모르겠어요. 예: <code>{example}</code>",
    "err_unexpected": "“{text}”을(를) 이해하지 못했어요. 예: <code>{example}</code>",
    "err_no_reps": "몇 회 했나요? 예: <code>{example}</code>",
    "err_no_weight": "무게는요? 예: <code>{example}</code>",
    "err_bad_reps": "횟수는 {low}~{high}의 정수여야 해요. 예: <code>{example}</code>",
    "err_bad_weight": "무게는 0~{high} kg 이어야 해요. 예: <code>{example}</code>",
    "err_bad_added_weight": (
        "추가 무게는 {low}~+{high} kg 이어야 해요 (음수 = 보조). 예: <code>{example}</code>"
    ),
    "err_precise_weight": "소수점은 두 자리까지만 써 주세요. 예: <code>{example}</code>",
    "err_bad_rpe": "RPE는 1~10, 0.5 단위예요. 예: <code>{example}</code>",
    "err_two_rpe": "메시지 하나에 RPE 하나만 써 주세요. 예: <code>{example}</code>",
    "err_too_many_sets": "메시지 하나에 최대 {limit}세트예요. 예: <code>{example}</code>",
    "err_mixed_units": "메시지 하나에 단위 하나만 써 주세요. 예: <code>{example}</code>",
    "err_bad_date": "“{date}”은(는) 날짜가 아니에요. YYYY-MM-DD 로 써 주세요. 예: <code>{example}</code>",
    "err_future_date": "{date}은(는) 미래예요. 예: <code>{example}</code>",
    "usage": "사용법: <code>{usage}</code>, 예: <code>{example}</code>",
    "undo_done": "삭제했어요: {what}.",
    "undo_nothing": "되돌릴 기록이 없어요.",
    "edit_pick": "최근 기록이에요. 고치거나 지울 항목을 고르세요:",
    "edit_none": "아직 기록이 없어요. 예: <code>벤치 100 5</code>",
    "edit_ask": "{what}의 새 무게와 횟수를 보내 주세요. 예: <code>{example}</code>",
    "edit_done": "{what}(으)로 바꿨어요.",
    "edit_cancelled": "취소했어요. 세트는 그대로예요.",
    "deleted": "{what} 삭제했어요.",
    "delete": "삭제",
    "history_title": "최근 세트{exercise}:",
    "history_none": "아직 세트가 없어요{exercise}.",
    "pr_title": "개인 기록:",
    "pr_line": "<b>{exercise}</b>: 추정 1RM {e1rm}, 최고 무게 {heaviest}",
    "pr_none": "아직 기록이 없어요. 예: <code>벤치 100 5</code>",
    "chart_caption": "{exercise}, 최근 {period}",
    "chart_none": "최근 {period} 동안 {exercise} 기록이 없어요.",
    "calc": "{exercise} {load} × {reps}: 추정 1RM {e1rm}",
    "calc_reps": "{reps}: {load}",
    "bw_saved": "체중 저장: {weight}.",
    "units_pick": "어떤 단위를 쓸까요? 지금: {unit}.",
    "units_saved": "단위: {unit}.",
    "timezone_saved": "시간대: {timezone}.",
    "timezone_now": "시간대는 {timezone}이에요. <code>/timezone Asia/Seoul</code> 로 바꿀 수 있어요.",
    "export_caption": "모든 세트 ({count}개).",
    "export_none": "내보낼 기록이 없어요.",
    "import_preview": (
        "{source} 기록: 새 세트 {new}개 (워밍업 {warmups}개 포함, 표시해 둠), "
        "이미 기록됨 {duplicates}개.{skipped}{unit}{unknown}"
    ),
    "import_skipped": "\n저장하지 않음: {reasons}.",
    "import_reason_rest": "휴식 타이머 {count}개",
    "import_reason_note": "메모 {count}개",
    "import_reason_timed": "시간·유산소 기록 {count}개",
    "import_reason_empty": "빈 줄 {count}개",
    "import_reason_invalid": "음수이거나 말이 안 되는 값 {count}개",
    "import_unit_guess": "\n무게를 {unit}로 읽었어요: 파일에 단위가 없어 숫자로 추측했어요.",
    "import_unit_chosen": "\n고르신 대로 무게를 {unit}로 읽었어요.",
    "import_unknown": "\n모르는 운동 (선택하기 전에는 가져오지 않아요):\n{names}",
    "import_unknown_row": "• {name}: {rows}세트{choice}",
    "import_choice_own": " → 새 내 운동",
    "import_choice_map": " → {name}",
    "import_own_button": "“{name}” 만들기",
    "import_own_all": "모두 내 운동으로 만들기",
    "import_unit_switch": "무게 단위는 {unit}",
    "import_progress": "가져오는 중… {total}세트 중 {done}세트.",
    "import_done": "{count}세트를 가져왔어요.",
    "import_bad": "이 파일을 읽을 수 없어요: {reason}. Strong, Hevy, Strength Level CSV를 보내 주세요.",
    "import_button": "가져오기",
    "ask_sent": "관리자에게 보냈어요 (#{id}). 답변은 여기로 와요.",
    "register_sent": "{email}(으)로 6자리 코드를 보냈어요. <code>/verify 123456</code> 처럼 보내 주세요.",
    "register_failed": "{reason}",
    "verify_done": "이메일 {email} 인증 완료.",
    "verify_failed": "{reason}",
    "deleteme_confirm": "계정과 모든 세트를 삭제할까요? 되돌릴 수 없어요.",
    "deleteme_yes": "네, 모두 삭제",
    "deleteme_done": "데이터를 삭제했어요. 안녕히 가세요!",
    "top_title": "이 그룹의 {exercise} 순위 (백분위 기준):",
    "top_line": "{rank}. {name}: {percentile}% ({level})",
    "top_none": "아직 {exercise} 순위에 참여한 사람이 없어요. /top join 으로 참여하세요.",
    "top_joined": "이 그룹 순위에 참여했어요. /top leave 로 나갈 수 있어요.",
    "top_left": "이 그룹 순위에서 나갔어요.",
    "group_only": "그룹 채팅에서만 쓸 수 있어요.",
    "error": "죄송해요, 문제가 생겼어요. 다시 시도해 주세요.",
    "help": (
        "<b>세트 기록</b>은 그냥 보내면 돼요:\n"
        "<code>벤치 100x5</code> · <code>벤치 100x5x3 @8</code> · <code>스쿼트 225lb 5</code>\n"
        "<code>ohp 60 5 5 4</code> · <code>딥스 +20x8</code> · <code>풀업 -15x6</code>\n"
        "<code>어제 스쿼트 100 5</code> · <code>2026-11-20 벤치 90x8</code>\n\n"
        "/undo, /edit, /history [운동], /pr, /chart 벤치 3m, /calc 벤치 100x5, /bw 82.5,\n"
        "/units, /timezone, /export, /ask &lt;질문&gt;, /register &lt;이메일&gt;, /verify &lt;코드&gt;,\n"
        "/deleteme, /top &lt;운동&gt; (그룹). Strong, Hevy, Strength Level CSV를 보내면 가져와요."
    ),
}

MESSAGES: dict[Language, dict[str, str]] = {"en": EN, "ko": KO}

COMMANDS: dict[Language, list[tuple[str, str]]] = {
    "en": [
        ("start", "Set up your profile"),
        ("help", "How to log sets"),
        ("undo", "Remove the last entry"),
        ("edit", "Change a recent entry"),
        ("history", "Your last sets"),
        ("pr", "Your personal records"),
        ("chart", "Progress chart: /chart bench 3m"),
        ("calc", "1RM without logging: /calc bench 100x5"),
        ("bw", "Log bodyweight: /bw 82.5"),
        ("units", "kg or lb"),
        ("timezone", "Your timezone"),
        ("export", "CSV of every set"),
        ("ask", "Ask the admins"),
        ("register", "Add your email"),
        ("verify", "Confirm your email code"),
        ("top", "Group leaderboard"),
        ("deleteme", "Delete your data"),
    ],
    "ko": [
        ("start", "프로필 설정"),
        ("help", "기록하는 방법"),
        ("undo", "마지막 기록 삭제"),
        ("edit", "최근 기록 수정"),
        ("history", "최근 세트"),
        ("pr", "개인 기록"),
        ("chart", "진행 차트: /chart 벤치 3m"),
        ("calc", "1RM 계산: /calc 벤치 100x5"),
        ("bw", "체중 기록: /bw 82.5"),
        ("units", "kg 또는 lb"),
        ("timezone", "시간대"),
        ("export", "모든 세트 CSV"),
        ("ask", "관리자에게 질문"),
        ("register", "이메일 등록"),
        ("verify", "이메일 코드 확인"),
        ("top", "그룹 순위"),
        ("deleteme", "데이터 삭제"),
    ],
}


def language_of(code: str | None) -> Language:
    """The bot language for a Telegram `language_code` (Korean for ko*, else English)."""
    return "ko" if (code or "").lower().startswith("ko") else "en"


def t(language: Language, key: str, **params: object) -> str:
    """The message `key` in `language`, with `params` filled in (English when missing)."""
    template = MESSAGES[language].get(key) or EN[key]
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return EN[key].format_map(_Blank(params))


def level_name(language: Language, level: str) -> str:
    """A level id (beginner … elite) in the lifter's language (`display.level_label`)."""
    return display.level_label(level, language)


class _Blank(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return ""
