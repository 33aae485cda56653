namespace Smf.Build.Tasks.Internal;

/// <summary>An error the task reports that does not come from the schema compiler (bad metadata, I/O).</summary>
internal sealed class BuildMessage
{
    public BuildMessage(string code, string file, string message)
    {
        Code = code;
        File = file;
        Message = message;
    }

    /// <summary>The <c>SMF3xxx</c> code.</summary>
    public string Code { get; }

    /// <summary>The file the message is about (a schema or an output), or empty.</summary>
    public string File { get; }

    /// <summary>A full sentence quoting the bad value.</summary>
    public string Message { get; }
}
