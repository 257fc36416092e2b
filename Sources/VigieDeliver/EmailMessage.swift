import Foundation

/// One e-mail message as Vigie sends it (RFC 5322 and MIME): a plain-text and an HTML version of the same content,
/// as `multipart/alternative`.
///
/// ``bytes`` depend only on the fields: the same message, dated the same, is byte for byte the same (its boundary is
/// derived from ``id``), so a retry after a crash repeats its `Message-ID`.
struct EmailMessage: Equatable {
    /// The sender.
    var from: MailAddress
    /// The recipients.
    var to: [MailAddress]
    /// The subject, as text (encoded when written).
    var subject: String
    /// What the message is about, stable across retries: the alert id or the digest id. `Message-ID` is
    /// `<id@vigie>` (see ``MIMEEncoding/messageID(_:)``).
    var id: String
    /// The `Date` field.
    var date: Date
    /// Fields written after Vigie's own (`X-Vigie-Alert-Id`); names and values printable ASCII.
    var extraFields: [HeaderField]
    /// The plain-text body, lines separated by `\n`.
    var text: String
    /// The HTML document, lines separated by `\n`.
    var html: String

    /// The first line of the MIME preamble, for readers that show no MIME.
    static let preamble = "This is a MIME message: a plain-text and an HTML version of the same text."

    /// The message as sent: header fields, a blank line, the multipart body; CRLF line breaks, 7-bit ASCII, no
    /// line longer than 78 characters.
    var bytes: [UInt8] { Array(rendered.utf8) }

    /// The message as text (see ``bytes``).
    var rendered: String {
        let boundary = MIMEEncoding.boundary(for: id)
        var fields = [
            MIMEEncoding.field("From", from.headerWords),
            MIMEEncoding.field("To", Self.list(to.map(\.headerWords))),
            MIMEEncoding.field("Subject", MIMEEncoding.unstructured(subject)),
            MIMEEncoding.field("Date", [MIMEEncoding.date(date)]),
            MIMEEncoding.field("Message-ID", [MIMEEncoding.messageID(id)]),
            MIMEEncoding.field("MIME-Version", ["1.0"]),
            MIMEEncoding.field("Content-Type", ["multipart/alternative;", "boundary=\"\(boundary)\""]),
            // RFC 3834: an automatic message, which vacation responders do not answer.
            MIMEEncoding.field("Auto-Submitted", ["auto-generated"]),
        ]
        fields += extraFields.map { MIMEEncoding.field($0.name, $0.value.split(separator: " ").map(String.init)) }
        var message = fields.joined(separator: "\r\n") + "\r\n\r\n" + Self.preamble + "\r\n"
        for (type, content) in [("text/plain", text), ("text/html", html)] {
            message += "\r\n--\(boundary)\r\n"
            message += "Content-Type: \(type); charset=utf-8\r\n"
            message += "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
            message += MIMEEncoding.quotedPrintable(content)
        }
        return message + "\r\n--\(boundary)--\r\n"
    }

    /// The words of mailboxes `items` as a comma-separated list.
    private static func list(_ items: [[String]]) -> [String] {
        var words: [String] = []
        for (index, item) in items.enumerated() {
            var item = item
            if index < items.count - 1 { item[item.count - 1] += "," }
            words += item
        }
        return words
    }
}
