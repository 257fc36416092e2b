import Foundation

extension NewAlert {
    /// Throws `.invalidAlert` unless the id is made of letters, digits, `-` and `_`, and the line is one JSON
    /// object on one line whose `"alert_id"` member is the id: what ``AlertDelivery/reconcile(at:)`` relies on to
    /// find the alert in the log.
    func validate(path: String) throws {
        let idIsPlain =
            !alertID.isEmpty
            && alertID.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
                    return true
                default:
                    return false
                }
            }
        guard idIsPlain else {
            throw invalid("its id \"\(alertID)\" must be letters, digits, '-' and '_' only", path: path)
        }
        guard !line.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) else {
            throw invalid("its line contains a line break; serialise it as compact JSON", path: path)
        }
        guard AlertLine.alertID(in: Array(line.utf8)) == alertID else {
            throw invalid("its line is not a JSON object whose \"alert_id\" member is \"\(alertID)\"", path: path)
        }
    }

    private func invalid(_ reason: String, path: String) -> StoreError {
        StoreError(
            code: .invalidAlert,
            message: "alert for watch \"\(watch)\" and article \(articleKey): \(reason) (a bug in vigie: report it)",
            path: path
        )
    }
}
