using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace Smf.Balancing;

/// <summary>
/// The key a call is routed by (<see cref="Client.RpcCallOptions.RoutingKey"/>): a string, hashed as its UTF-8 bytes,
/// or an integer, hashed as its 8 little-endian bytes, both with XXH64 (seed 0). The default value is no key.
/// </summary>
public readonly struct RpcRoutingKey : IEquatable<RpcRoutingKey>
{
    private const int MaxStackChars = 170;
    private const int MaxStackBytes = MaxStackChars * 3;

    private readonly string? _text;
    private readonly ulong _number;
    private readonly bool _isNumber;

    private RpcRoutingKey(string? text, ulong number, bool isNumber)
    {
        _text = text;
        _number = number;
        _isNumber = isNumber;
    }

    /// <summary>Whether this is no key (the default value, or a null string).</summary>
    public bool IsNone => _text is null && !_isNumber;

    /// <summary>Converts a string key; <see langword="null"/> gives no key.</summary>
    /// <param name="key">The key.</param>
    public static implicit operator RpcRoutingKey(string? key) => From(key);

    /// <summary>A string key, hashed as its UTF-8 bytes; <see langword="null"/> gives no key.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The routing key.</returns>
    public static RpcRoutingKey From(string? key) => new(key, 0, false);

    /// <summary>An integer key, hashed as its 8 little-endian bytes; <see langword="null"/> gives no key.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The routing key.</returns>
    public static RpcRoutingKey From(long? key) => key is { } value ? new(null, unchecked((ulong)value), true) : default;

    /// <summary>An unsigned integer key, hashed as its 8 little-endian bytes; <see langword="null"/> gives no key.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The routing key.</returns>
    public static RpcRoutingKey From(ulong? key) => key is { } value ? new(null, value, true) : default;

    /// <summary>XXH64 (seed 0) of the key's bytes: the input of every endpoint's rendezvous score.</summary>
    /// <returns>The hash; 0 for no key.</returns>
    [System.Runtime.CompilerServices.SkipLocalsInit]
    public ulong Hash()
    {
        if (_isNumber)
        {
            Span<byte> bytes = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, _number);
            return XxHash64.HashToUInt64(bytes);
        }

        if (_text is null)
        {
            return 0;
        }

        // A fixed-size, uninitialized stack buffer holds any key of up to MaxStackChars characters (3 UTF-8 bytes each at most).
        if (_text.Length <= MaxStackChars)
        {
            Span<byte> buffer = stackalloc byte[MaxStackBytes];
            var written = Encoding.UTF8.GetBytes(_text, buffer);
            return XxHash64.HashToUInt64(buffer[..written]);
        }

        return HashLong(_text);
    }

    private static ulong HashLong(string text)
    {
        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var written = Encoding.UTF8.GetBytes(text, rented);
            return XxHash64.HashToUInt64(rented.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <inheritdoc/>
    public bool Equals(RpcRoutingKey other) => _isNumber == other._isNumber && _number == other._number && string.Equals(_text, other._text, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is RpcRoutingKey other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_text, _number, _isNumber);

    /// <summary>The key as text: the string, the number, or <c>(none)</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => _isNumber ? _number.ToString(System.Globalization.CultureInfo.InvariantCulture) : _text ?? "(none)";

    /// <summary>Whether two keys are equal.</summary>
    /// <param name="left">One key.</param>
    /// <param name="right">The other.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(RpcRoutingKey left, RpcRoutingKey right) => left.Equals(right);

    /// <summary>Whether two keys differ.</summary>
    /// <param name="left">One key.</param>
    /// <param name="right">The other.</param>
    /// <returns><see langword="true"/> when they differ.</returns>
    public static bool operator !=(RpcRoutingKey left, RpcRoutingKey right) => !left.Equals(right);
}
