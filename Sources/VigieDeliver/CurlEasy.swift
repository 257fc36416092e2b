import CCurl
import CCurlShims
import Foundation

/// One libcurl easy handle (`CURL*`) and its error buffer, owned: created in `init`, freed in `deinit`. Each
/// delivery handle (``PostHandle``, ``MailHandle``) holds one and sets its own options on it through the typed
/// setters here; the pointer leaves this type only for the shim calls those handles make with it.
final class CurlEasy {
    /// The raw handle, for the owning delivery handle's shim calls.
    let pointer: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>

    /// libcurl refused to create the handle or to take an option.
    struct Refused: Error {
        /// libcurl's code (`CURLE_FAILED_INIT` when no handle could be created).
        var code: CURLcode
    }

    /// A fresh handle whose error buffer is set.
    init() throws(Refused) {
        _ = Self.globalInit
        guard let pointer = curl_easy_init() else { throw Refused(code: CURLE_FAILED_INIT) }
        self.pointer = pointer
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        try check(vigie_easy_setopt_pointer(pointer, CURLOPT_ERRORBUFFER, errorBuffer))
    }

    deinit {
        curl_easy_cleanup(pointer)
        errorBuffer.deallocate()
    }

    /// libcurl, initialised once per process (thread-safe: a Swift static is initialised once).
    private static let globalInit: Void = {
        _ = curl_global_init(Int(CURL_GLOBAL_ALL))
    }()

    /// What every delivery sets: the URL, the only `protocols` allowed, TLS peers and host names always verified
    /// (against `caFile` too when given), `timeout` for the connection and for the whole transfer, no signals.
    func configure(url: String, protocols: String, timeout: TimeInterval, caFile: String?) throws(Refused) {
        try set(CURLOPT_URL, url)
        try set(CURLOPT_PROTOCOLS_STR, protocols)
        try set(CURLOPT_SSL_VERIFYPEER, 1)
        try set(CURLOPT_SSL_VERIFYHOST, 2)
        if let caFile { try set(CURLOPT_CAINFO, caFile) }
        let milliseconds = max(1, Int((timeout * 1000).rounded()))
        try set(CURLOPT_TIMEOUT_MS, milliseconds)
        try set(CURLOPT_CONNECTTIMEOUT_MS, milliseconds)
        try set(CURLOPT_NOSIGNAL, 1)
    }

    /// Sets a whole-number option.
    func set(_ option: CURLoption, _ value: Int) throws(Refused) {
        try check(vigie_easy_setopt_long(pointer, option, value))
    }

    /// Sets a string option (libcurl copies it, since 7.17, so the temporary C string may go).
    func set(_ option: CURLoption, _ value: String) throws(Refused) {
        try check(vigie_easy_setopt_string(pointer, option, value))
    }

    /// Throws unless `code` is `CURLE_OK`.
    func check(_ code: CURLcode) throws(Refused) {
        guard code != CURLE_OK else { return }
        throw Refused(code: code)
    }

    /// Runs the transfer (blocking).
    func perform() -> CURLcode {
        curl_easy_perform(pointer)
    }

    /// The last response code (HTTP status, SMTP reply code), 0 when none came.
    var responseCode: Int {
        var code = 0
        _ = vigie_easy_getinfo_long(pointer, CURLINFO_RESPONSE_CODE, &code)
        return code
    }

    /// libcurl's detailed message for the last failure, if it wrote one.
    var errorMessage: String? {
        let message = String(cString: errorBuffer).trimmingCharacters(in: .whitespacesAndNewlines)
        return message.isEmpty ? nil : message
    }
}
