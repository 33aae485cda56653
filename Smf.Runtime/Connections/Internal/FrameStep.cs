namespace Smf.Connections.Internal;

/// <summary>What <see cref="FrameReader.Next"/> found in the bytes received so far.</summary>
internal enum FrameStep
{
    /// <summary>More bytes are needed before anything else can be said.</summary>
    NeedMore,

    /// <summary>A new header arrived and passed the protocol's checks; its payload follows.</summary>
    Header,

    /// <summary>The whole payload of the current header arrived.</summary>
    Frame,

    /// <summary>The header breaks the protocol; the connection must close.</summary>
    Invalid,
}
