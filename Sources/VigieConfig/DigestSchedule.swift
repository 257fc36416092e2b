import Foundation

/// When an email sink sends (`digest`): each alert at once (`off`), or one message an hour (`hourly`, on the hour)
/// or a day (`daily HH:MM`, local time) grouping the stories of the period.
public enum DigestSchedule: Sendable, Equatable, CustomStringConvertible {
    /// One message per alert (the default).
    case off
    /// On the hour, the stories of the hour before.
    case hourly
    /// Every day at `hour`:`minute` local time, the stories of the day before.
    case daily(hour: Int, minute: Int)

    /// Reads `off`, `hourly` or `daily HH:MM` (24-hour clock); `nil` for anything else.
    public init?(_ text: String) {
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        switch (words.first, words.count) {
        case ("off", 1): self = .off
        case ("hourly", 1): self = .hourly
        case ("daily", 2):
            let parts = words[1].split(separator: ":")
            guard parts.count == 2, parts[0].count <= 2, parts[1].count == 2, let hour = Int(parts[0]),
                let minute = Int(parts[1]), (0..<24).contains(hour), (0..<60).contains(minute)
            else { return nil }
            self = .daily(hour: hour, minute: minute)
        default: return nil
        }
    }

    /// `off`, `hourly` or `daily HH:MM`.
    public var description: String {
        switch self {
        case .off: "off"
        case .hourly: "hourly"
        case .daily(let hour, let minute): "daily " + String(format: "%02d:%02d", hour, minute)
        }
    }

    /// The latest sending time at or before `now` in `timeZone` (`nil` for `off`): the top of the hour, or today's
    /// (else yesterday's) `HH:MM`. A day whose `HH:MM` does not exist (a clock set forward) sends at the next
    /// existing time.
    public func lastSend(atOrBefore now: Date, in timeZone: TimeZone) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        switch self {
        case .off:
            return nil
        case .hourly:
            return calendar.dateInterval(of: .hour, for: now)?.start
        case .daily(let hour, let minute):
            let day = calendar.startOfDay(for: now)
            guard
                let today = calendar.nextDate(
                    after: day.addingTimeInterval(-1), matching: DateComponents(hour: hour, minute: minute),
                    matchingPolicy: .nextTime)
            else { return nil }
            if today <= now { return today }
            return calendar.nextDate(
                after: calendar.date(byAdding: .day, value: -1, to: day)!.addingTimeInterval(-1),
                matching: DateComponents(hour: hour, minute: minute), matchingPolicy: .nextTime)
        }
    }
}
