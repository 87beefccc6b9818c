use super::*;

fn described(text: &str) -> String {
    describe(&CronExpr::parse(text).unwrap())
}

#[test]
fn common_schedules_read_as_a_trader_would_say_them() {
    let cases = [
        ("0 9 * * MON-FRI", "At 09:00 on Monday through Friday"),
        ("*/15 * * * *", "Every 15 minutes"),
        ("*/5 * * * *", "Every 5 minutes"),
        ("* * * * *", "Every minute"),
        ("0 * * * *", "At minute 0 past every hour"),
        ("@hourly", "At minute 0 past every hour"),
        ("0 0 1 * *", "At 00:00 on day 1 of the month"),
        ("@daily", "At 00:00"),
        ("@weekly", "At 00:00 on Sunday"),
        ("@yearly", "At 00:00 on day 1 of the month in January"),
        ("0 9,17 * * *", "At 09:00 and 17:00"),
        ("30 16 * * 1-5", "At 16:30 on Monday through Friday"),
        ("0 */2 * * *", "At minute 0 past every 2 hours"),
        (
            "*/20 8-17 * * *",
            "Every 20 minutes during hours 8 through 17",
        ),
        ("0 0 * * SAT,SUN", "At 00:00 on Saturday and Sunday"),
        ("0 0 * * FRI-SUN", "At 00:00 on Friday through Sunday"),
        ("0 8 1,15 * *", "At 08:00 on days 1 and 15 of the month"),
        ("0 8 * JAN-MAR *", "At 08:00 in January through March"),
        ("*/10 * * * * *", "Every 10 seconds"),
        ("30 0 9 * * *", "At 09:00:30"),
        ("30 * * * * *", "At second 30 of every minute"),
    ];
    for (text, expected) in cases {
        assert_eq!(described(text), expected, "`{text}` is described plainly");
    }
}

#[test]
fn both_day_fields_are_described_as_either_firing() {
    assert_eq!(
        described("0 0 13 * FRI"),
        "At 00:00 on day 13 of the month, and on Friday",
        "POSIX OR: the 13th and every Friday both fire"
    );
}

#[test]
fn uneven_steps_list_the_values_instead_of_claiming_a_regular_interval() {
    assert_eq!(
        described("*/25 * * * *"),
        "At minutes 0, 25 and 50 past every hour",
        "*/25 is not every 25 minutes: 00:50 is followed by 01:00"
    );
    assert_eq!(
        described("5-59/15 * * * *"),
        "At minutes 5, 20, 35 and 50 past every hour",
        "a step from minute 5 is listed, not called every 15 minutes"
    );
    assert_eq!(
        described("0 */5 * * *"),
        "At minute 0 past hours 0, 5, 10, 15 and 20",
        "*/5 hours wraps from 20 to 0, so it is not every 5 hours"
    );
}

#[test]
fn unusual_shapes_list_every_field_rather_than_guess() {
    assert_eq!(
        described("0,15 9-17 * * *"),
        "At minutes 0 and 15 past hours 9 through 17",
        "too many clock times to read out, so each field is listed"
    );
    assert_eq!(
        described("*/10 5 9 * * *"),
        "Every 10 seconds during minute 5 of hour 9",
        "sub-minute schedules keep each restriction"
    );
    assert_eq!(
        described("* 2 * * *"),
        "Every minute during hour 2",
        "a restricted hour under a wildcard minute"
    );
}
