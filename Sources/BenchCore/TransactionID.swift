import Foundation

/// A new transaction id: a UUID of version 7 (RFC 9562), lower case. Its first 48 bits are
/// the time in milliseconds, so ids made one after another sort one after another, and a
/// store's indexes of transaction ids grow at their end instead of at random places (a bulk
/// import touches a few pages of them, not one page per run). The rest is random, as in
/// any UUID.
public enum TransactionID {
    public static func make(at date: Date = Date()) -> String {
        var generator = SystemRandomNumberGenerator()
        let milliseconds = UInt64(max(0, date.timeIntervalSince1970 * 1000))
        // 48 bits of time, the version, 12 random bits; the variant, 62 random bits.
        let high = milliseconds << 16 | 0x7000 | (generator.next() & 0x0FFF)
        let low = 0x8000_0000_0000_0000 | (generator.next() & 0x3FFF_FFFF_FFFF_FFFF)
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for nibble in 0..<32 {
            if [8, 12, 16, 20].contains(nibble) { text.append(0x2D) }
            let word = nibble < 16 ? high : low
            text.append(digits[Int(word >> UInt64(60 - 4 * (nibble % 16)) & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
