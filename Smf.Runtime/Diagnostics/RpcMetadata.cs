using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Smf.Diagnostics;

/// <summary>
/// Key/value pairs that travel with one request in its <c>payload_headers</c> table (the smf wire extension that
/// bit 0 of the header's bitflags announces): W3C <c>traceparent</c>/<c>tracestate</c> and user entries such as an
/// authorization token. Set per call with <see cref="Client.RpcCallOptions.Metadata"/> (the client must opt in with
/// <see cref="Client.RpcClientOptions.SendPayloadHeaders"/>); read on the server from
/// <see cref="Server.RpcCallContext.RequestMetadata"/>.
/// </summary>
/// <remarks>
/// Keys are compared ordinally and are unique; the wire carries them sorted by key (ordinal), whatever the order they
/// were added in. Received metadata is read-only. Values may be empty; keys may not.
/// </remarks>
public sealed class RpcMetadata : IReadOnlyList<KeyValuePair<string, string>>
{
    private readonly List<KeyValuePair<string, string>> _entries;

    /// <summary>Creates an empty, writable collection.</summary>
    public RpcMetadata() => _entries = [];

    private RpcMetadata(List<KeyValuePair<string, string>> entries, bool readOnly)
    {
        _entries = entries;
        IsReadOnly = readOnly;
    }

    /// <summary>An empty read-only instance: what a request without payload headers carries.</summary>
    public static RpcMetadata Empty { get; } = new([], readOnly: true);

    /// <summary>The number of entries.</summary>
    public int Count => _entries.Count;

    /// <summary>Whether <see cref="Add"/> throws: true for metadata received from the wire and for <see cref="Empty"/>.</summary>
    public bool IsReadOnly { get; }

    /// <summary>The entry at <paramref name="index"/>, in the order added (received metadata: sorted by key).</summary>
    /// <param name="index">0 to <see cref="Count"/> - 1.</param>
    public KeyValuePair<string, string> this[int index] => _entries[index];

    /// <summary>Adds an entry.</summary>
    /// <param name="key">A non-empty key, unique in this collection (ordinal comparison).</param>
    /// <param name="value">The value; may be empty.</param>
    /// <exception cref="ArgumentException"><paramref name="key"/> is empty or already present.</exception>
    /// <exception cref="InvalidOperationException">The collection is read-only.</exception>
    public void Add(string key, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        if (IsReadOnly)
        {
            throw new InvalidOperationException("This metadata was received and is read-only; create a new RpcMetadata to send metadata.");
        }

        if (IndexOf(key) >= 0)
        {
            throw new ArgumentException($"The metadata already holds the key '{key}'; keys are unique.", nameof(key));
        }

        _entries.Add(new KeyValuePair<string, string>(key, value));
    }

    /// <summary>Finds the value of <paramref name="key"/>.</summary>
    /// <param name="key">The key (ordinal comparison).</param>
    /// <param name="value">The value when found.</param>
    /// <returns>Whether the key is present.</returns>
    public bool TryGetValue(string key, [NotNullWhen(true)] out string? value)
    {
        var index = IndexOf(key);
        value = index >= 0 ? _entries[index].Value : null;
        return index >= 0;
    }

    /// <summary>The value of <paramref name="key"/>, or <see langword="null"/> when absent.</summary>
    /// <param name="key">The key (ordinal comparison).</param>
    /// <returns>The value or <see langword="null"/>.</returns>
    public string? GetValue(string key) => TryGetValue(key, out var value) ? value : null;

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal static RpcMetadata Received(List<KeyValuePair<string, string>> sortedEntries) => new(sortedEntries, readOnly: true);

    private int IndexOf(string key)
    {
        for (var i = 0; i < _entries.Count; i++)
        {
            if (string.Equals(_entries[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
