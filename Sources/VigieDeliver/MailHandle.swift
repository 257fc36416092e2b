import CCurl
import CCurlShims
import Foundation

/// One message submitted over SMTP through its own libcurl easy handle (a ``CurlEasy``), and everything the
/// transfer reads from or writes into: the message's bytes, the recipient list (freed in `deinit`), the server's
/// replies.
///
/// The handle speaks smtp and smtps only, requires TLS as its ``SMTPPlan`` says, always verifies TLS peers and host
/// names, and gives up after the timeout. Callbacks find this object through the `Unmanaged` user-data pointer and
/// only copy bytes.
final class MailHandle {
    private let easy: CurlEasy
    private var recipientList: UnsafeMutablePointer<curl_slist>?
    private let message: [UInt8]
    private var sent = 0
    private var replies = SMTPResult.Replies()

    /// Creates and configures a handle that sends `message` from `sender` to `recipients` (bare addresses) as `plan`
    /// says, or throws when libcurl refuses an option.
    init(
        plan: SMTPPlan, sender: String, recipients: [String], message: [UInt8], timeout: TimeInterval, caFile: String?
    ) throws(SMTPResult) {
        self.message = message
        do {
            easy = try CurlEasy()
        } catch {
            throw SMTPResult(
                code: CURLE_FAILED_INIT, reply: SMTPResult.Reply(), detail: "libcurl could not create a handle")
        }
        do {
            try configure(plan, sender: sender, recipients: recipients, timeout: timeout, caFile: caFile)
        } catch {
            throw SMTPResult(code: error.code, reply: SMTPResult.Reply(), detail: nil)
        }
    }

    deinit {
        curl_slist_free_all(recipientList)
    }

    /// Submits the message (blocking) and returns what came of it.
    func perform() -> SMTPResult {
        let code = easy.perform()
        // libcurl's code is the last reply that counted (a QUIT's may come after it); its text is this handle's.
        let reply = replies.last(withCode: easy.responseCode)
        return SMTPResult(code: code, reply: reply, detail: easy.errorMessage)
    }

    private func configure(
        _ plan: SMTPPlan, sender: String, recipients: [String], timeout: TimeInterval, caFile: String?
    ) throws(CurlEasy.Refused) {
        try easy.configure(url: plan.url, protocols: "smtp,smtps", timeout: timeout, caFile: caFile)
        switch plan.security {
        case .implicitTLS, .startTLS: try easy.set(CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue))
        case .plain: try easy.set(CURLOPT_USE_SSL, Int(CURLUSESSL_NONE.rawValue))
        }
        if let username = plan.username {
            try easy.set(CURLOPT_USERNAME, username)
            try easy.set(CURLOPT_PASSWORD, plan.password ?? "")
        }

        try easy.set(CURLOPT_MAIL_FROM, "<\(sender)>")
        for recipient in recipients { recipientList = curl_slist_append(recipientList, "<\(recipient)>") }
        try easy.check(vigie_easy_setopt_slist(easy.pointer, CURLOPT_MAIL_RCPT, recipientList))
        try easy.set(CURLOPT_UPLOAD, 1)

        let this = Unmanaged.passUnretained(self).toOpaque()
        try easy.check(vigie_easy_setopt_read_callback(easy.pointer, Self.readCallback))
        try easy.check(vigie_easy_setopt_pointer(easy.pointer, CURLOPT_READDATA, this))
        try easy.check(vigie_easy_setopt_header_callback(easy.pointer, Self.headerCallback))
        try easy.check(vigie_easy_setopt_pointer(easy.pointer, CURLOPT_HEADERDATA, this))
    }

    // MARK: - Callbacks

    private static let readCallback:
        @convention(c) (
            UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?
        ) -> Int = { buffer, size, count, user in
            guard let buffer, let user else { return Int(CURL_READFUNC_ABORT) }
            let handle = Unmanaged<MailHandle>.fromOpaque(user).takeUnretainedValue()
            let length = min(size * count, handle.message.count - handle.sent)
            guard length > 0 else { return 0 }
            handle.message.withUnsafeBufferPointer { bytes in
                UnsafeMutableRawPointer(buffer).copyMemory(
                    from: bytes.baseAddress! + handle.sent, byteCount: length)
            }
            handle.sent += length
            return length
        }

    private static let headerCallback:
        @convention(c) (
            UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?
        ) -> Int = { data, size, count, user in
            guard let data, let user else { return 0 }
            let handle = Unmanaged<MailHandle>.fromOpaque(user).takeUnretainedValue()
            let length = size * count
            let line = data.withMemoryRebound(to: UInt8.self, capacity: length) {
                String(decoding: UnsafeBufferPointer(start: $0, count: min(length, 1024)), as: UTF8.self)
            }
            handle.replies.take(line)
            return length
        }
}
