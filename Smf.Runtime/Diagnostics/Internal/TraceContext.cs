using System.Diagnostics;

namespace Smf.Diagnostics.Internal;

/// <summary>W3C trace context in payload headers: the keys, and the parent a server span takes from them.</summary>
internal static class TraceContext
{
    public const string TraceParentKey = "traceparent";
    public const string TraceStateKey = "tracestate";

    /// <summary>The remote parent carried by <paramref name="metadata"/>, or default when it carries none (or a malformed one).</summary>
    public static ActivityContext ParentOf(RpcMetadata? metadata)
    {
        if (metadata is null || metadata.Count == 0 || !metadata.TryGetValue(TraceParentKey, out var traceParent))
        {
            return default;
        }

        return ActivityContext.TryParse(traceParent, metadata.GetValue(TraceStateKey), isRemote: true, out var context) ? context : default;
    }

    /// <summary>The traceparent to send for <paramref name="activity"/>, or <see langword="null"/> when it is not a W3C activity.</summary>
    public static string? TraceParentOf(Activity? activity) =>
        activity is { IdFormat: ActivityIdFormat.W3C } ? activity.Id : null;
}
