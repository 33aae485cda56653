using Smf;

namespace Smf.Cli;

/// <summary>
/// The exit codes of <c>smf</c>: 0 for a 200 reply, small numbers for failures before or around the call, and one code
/// per reply status otherwise (<see cref="ForStatus"/>).
/// </summary>
internal static class ExitCodes
{
    /// <summary>The call was answered 200 (or the command succeeded).</summary>
    public const int Ok = 0;

    /// <summary>An unexpected failure (a bug, or an I/O error writing an output file).</summary>
    public const int Failure = 1;

    /// <summary>Bad input, nothing sent: the command line, the schema, the JSON, an unknown method.</summary>
    public const int BadInput = 2;

    /// <summary>No connection could be made, or it failed before the reply.</summary>
    public const int ConnectionFailed = 3;

    /// <summary>No reply within <c>--timeout</c>.</summary>
    public const int TimedOut = 4;

    /// <summary>A 200 reply whose payload is not a valid response table.</summary>
    public const int InvalidReply = 5;

    /// <summary><c>smf bench</c>: some calls failed (any status other than 200, or a transport error).</summary>
    public const int BenchErrors = 6;

    /// <summary><c>smf health</c>: the server answered, with a serving status other than <c>SERVING</c>.</summary>
    public const int NotServing = 7;

    /// <summary>A status outside the ranges below (1xx, 3xx, 2xx other than 200, above 528).</summary>
    public const int OtherStatus = 99;

    /// <summary>
    /// The exit code for a reply status: 0 for 200; 40 + (status - 400) for 400..429 (400 → 40, 404 → 44, 429 → 69);
    /// 70 + (status - 500) for 500..528 (500 → 70, 501 → 71, 503 → 73); <see cref="OtherStatus"/> for any other.
    /// </summary>
    /// <param name="status">The reply status.</param>
    /// <returns>The exit code.</returns>
    public static int ForStatus(RpcStatus status)
    {
        var code = (uint)status;
        return code switch
        {
            200 => Ok,
            >= 400 and <= 429 => 40 + (int)(code - 400),
            >= 500 and <= 528 => 70 + (int)(code - 500),
            _ => OtherStatus,
        };
    }
}
