import ArgumentParser
import Foundation
import VigieDaemon
import VigieFeeds

extension InputFile {
    /// The feed in `path` (`-` for standard input), parsed; on failure, says why on standard error, naming the
    /// file, and throws the command's exit status: ``ExitStatus/noInput`` when it cannot be read,
    /// ``ExitStatus/dataError`` when it is not a feed.
    static func feed(_ path: String, documentURL: String? = nil, charset: String? = nil) throws -> Feed {
        let bytes: [UInt8]
        do {
            bytes = try read(path)
        } catch {
            FileHandle.standardError.write(Data("vigie: \(error)\n".utf8))
            throw ExitStatus.noInput.code
        }
        do {
            return try FeedParser().parse(bytes, documentURL: documentURL, charset: charset)
        } catch {
            FileHandle.standardError.write(Data("vigie: \(path == "-" ? "stdin" : path): \(error.message)\n".utf8))
            throw ExitStatus.dataError.code
        }
    }
}
