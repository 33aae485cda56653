using System.Threading.Tasks.Sources;

namespace Smf.Client.Internal;

/// <summary>
/// A pending call that the caller awaits as a <see cref="ValueTask{TResult}"/> of the reply type it asked
/// for, so a call needs no async state machine of its own: the read loop completes it with the frame and
/// the reply object is made when the caller reads the result.
/// </summary>
/// <typeparam name="TResult">The reply type handed to the caller.</typeparam>
internal abstract class PendingCallSource<TResult> : PendingCall, IValueTaskSource<TResult>
{
    /// <inheritdoc />
    public TResult GetResult(short token) => CreateResult(TakeResult(token));

    /// <summary>Wraps a reply frame, whose array the result then owns.</summary>
    protected abstract TResult CreateResult(in ReceivedFrame frame);
}
