import Foundation
import Testing

@testable import VigieConfig

/// When a digest goes: on the hour, or every day at HH:MM local time.
@Suite struct DigestScheduleTests {
    private let paris = TimeZone(identifier: "Europe/Paris")!

    private func date(_ text: String, _ zone: TimeZone) -> Date {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.date(from: text)!
    }

    @Test func textsAreReadAndWrittenBack() {
        #expect(DigestSchedule("off") == .off)
        #expect(DigestSchedule("hourly") == .hourly)
        #expect(DigestSchedule("daily 07:30") == .daily(hour: 7, minute: 30))
        #expect(DigestSchedule("daily 7:05") == .daily(hour: 7, minute: 5))
        for wrong in ["daily", "daily 24:00", "daily 07:60", "daily 7", "weekly", "hourly 5", ""] {
            #expect(DigestSchedule(wrong) == nil, "\(wrong)")
        }
        #expect(DigestSchedule.daily(hour: 7, minute: 5).description == "daily 07:05")
    }

    @Test func hourlyGoesOnTheHour() {
        let now = date("2026-12-07 10:42:13", paris)
        #expect(DigestSchedule.hourly.lastSend(atOrBefore: now, in: paris) == date("2026-12-07 10:00:00", paris))
        #expect(DigestSchedule.off.lastSend(atOrBefore: now, in: paris) == nil)
    }

    @Test func dailyGoesAtItsLocalTimeTodayElseYesterday() {
        let daily = DigestSchedule.daily(hour: 7, minute: 30)
        #expect(
            daily.lastSend(atOrBefore: date("2026-12-07 10:00:00", paris), in: paris)
                == date("2026-12-07 07:30:00", paris))
        #expect(
            daily.lastSend(atOrBefore: date("2026-12-07 07:29:59", paris), in: paris)
                == date("2026-12-06 07:30:00", paris))
        #expect(
            daily.lastSend(atOrBefore: date("2026-12-07 07:30:00", paris), in: paris)
                == date("2026-12-07 07:30:00", paris))
    }

    @Test func aTimeTheClockSkipsGoesAtTheNextOne() {
        // 29 March 2026, Paris: 02:00 jumps to 03:00, so 02:30 does not exist that day.
        let daily = DigestSchedule.daily(hour: 2, minute: 30)
        let send = daily.lastSend(atOrBefore: date("2026-03-29 12:00:00", paris), in: paris)
        #expect(send == date("2026-03-29 03:00:00", paris) || send == date("2026-03-29 03:30:00", paris))
    }
}
