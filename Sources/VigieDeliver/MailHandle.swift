import CCurl
import CCurlShims
import Foundation

/// The owner of one libcurl easy handle (`CURL*`) submitting one message over SMTP, and of everything the transfer
/// reads from or writes into: the message's bytes, the recipient list, the server's replies, the error buffer.
/// Freed in `deinit`; the pointer never leaves this type.
///
/// The handle speaks smtp and smtps only, requires TLS as its ``SMTPPlan`` says, always verifies TLS peers and host
/// names, and gives up after the timeout. Callbacks find this object through the `Unmanaged` user-data pointer and
/// only copy bytes.
final class MailHandle {
    private let pointer: UnsafeMutableRawPointer
    private var recipientList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private let message: [UInt8]
    private var sent = 0
    private var replies = SMTPResult.Replies()

    /// Creates and configures a handle that sends `message` from `sender` to `recipients` (bare addresses) as `plan`
    /// says, or throws when libcurl refuses an option.
    init(
        plan: SMTPPlan, sender: String, recipients: [String], message: [UInt8], timeout: TimeInterval, caFile: String?
    ) throws(SMTPResult) {
        _ = Self.globalInit
        guard let pointer = curl_easy_init() else {
            throw SMTPResult(
                code: CURLE_FAILED_INIT, reply: SMTPResult.Reply(), detail: "libcurl could not create a handle")
        }
        self.pointer = pointer
        self.message = message
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        try configure(plan, sender: sender, recipients: recipients, timeout: timeout, caFile: caFile)
    }

    deinit {
        curl_easy_cleanup(pointer)
        curl_slist_free_all(recipientList)
        errorBuffer.deallocate()
    }

    /// libcurl, initialised once per process (thread-safe: a Swift static is initialised once).
    private static let globalInit: Void = {
        _ = curl_global_init(Int(CURL_GLOBAL_ALL))
    }()

    /// Submits the message (blocking) and returns what came of it.
    func perform() -> SMTPResult {
        let code = curl_easy_perform(pointer)
        var status = 0
        _ = vigie_easy_getinfo_long(pointer, CURLINFO_RESPONSE_CODE, &status)
        // libcurl's code is the last reply that counted (a QUIT's may come after it); its text is this handle's.
        let reply = replies.last(withCode: status)
        let message = String(cString: errorBuffer).trimmingCharacters(in: .whitespacesAndNewlines)
        return SMTPResult(code: code, reply: reply, detail: message.isEmpty ? nil : message)
    }

    // MARK: - Typed setters over the C shim

    private func set(_ option: CURLoption, _ value: Int) throws(SMTPResult) {
        try check(vigie_easy_setopt_long(pointer, option, value))
    }

    private func set(_ option: CURLoption, _ value: String) throws(SMTPResult) {
        // libcurl copies string options (since 7.17), so the temporary C string may go.
        try check(vigie_easy_setopt_string(pointer, option, value))
    }

    private func check(_ code: CURLcode) throws(SMTPResult) {
        guard code != CURLE_OK else { return }
        throw SMTPResult(code: code, reply: SMTPResult.Reply(), detail: nil)
    }

    private func configure(
        _ plan: SMTPPlan, sender: String, recipients: [String], timeout: TimeInterval, caFile: String?
    ) throws(SMTPResult) {
        try check(vigie_easy_setopt_pointer(pointer, CURLOPT_ERRORBUFFER, errorBuffer))
        try set(CURLOPT_URL, plan.url)
        try set(CURLOPT_PROTOCOLS_STR, "smtp,smtps")
        switch plan.security {
        case .implicitTLS, .startTLS: try set(CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue))
        case .plain: try set(CURLOPT_USE_SSL, Int(CURLUSESSL_NONE.rawValue))
        }
        try set(CURLOPT_SSL_VERIFYPEER, 1)
        try set(CURLOPT_SSL_VERIFYHOST, 2)
        if let caFile { try set(CURLOPT_CAINFO, caFile) }
        let milliseconds = max(1, Int((timeout * 1000).rounded()))
        try set(CURLOPT_TIMEOUT_MS, milliseconds)
        try set(CURLOPT_CONNECTTIMEOUT_MS, milliseconds)
        try set(CURLOPT_NOSIGNAL, 1)
        if let username = plan.username {
            try set(CURLOPT_USERNAME, username)
            try set(CURLOPT_PASSWORD, plan.password ?? "")
        }

        try set(CURLOPT_MAIL_FROM, "<\(sender)>")
        for recipient in recipients { recipientList = curl_slist_append(recipientList, "<\(recipient)>") }
        try check(vigie_easy_setopt_slist(pointer, CURLOPT_MAIL_RCPT, recipientList))
        try set(CURLOPT_UPLOAD, 1)

        let this = Unmanaged.passUnretained(self).toOpaque()
        try check(vigie_easy_setopt_read_callback(pointer, Self.readCallback))
        try check(vigie_easy_setopt_pointer(pointer, CURLOPT_READDATA, this))
        try check(vigie_easy_setopt_header_callback(pointer, Self.headerCallback))
        try check(vigie_easy_setopt_pointer(pointer, CURLOPT_HEADERDATA, this))
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
