using System.Diagnostics;

namespace Smf.Diagnostics.Internal;

/// <summary>Starting and ending the spans of calls without leaving them as <see cref="Activity.Current"/> on threads they do not belong to.</summary>
internal static class Spans
{
    public static readonly ActivitySource Server = new(SmfTelemetry.ServerActivitySourceName, typeof(Spans).Assembly.GetName().Version?.ToString());
    public static readonly ActivitySource Client = new(SmfTelemetry.ClientActivitySourceName, typeof(Spans).Assembly.GetName().Version?.ToString());

    /// <summary>Ends <paramref name="activity"/> with the status of the reply; the thread's current activity is left as it was.</summary>
    public static void End(Activity activity, uint status, bool errorFrom4xx)
    {
        if (activity.IsAllDataRequested)
        {
            activity.SetTag(MethodTelemetry.StatusTag, BoxedStatus(status));
            if (status >= 500 || (errorFrom4xx && status >= 400))
            {
                activity.SetStatus(ActivityStatusCode.Error);
                activity.SetTag(MethodTelemetry.ErrorTypeTag, BoxedStatus(status));
            }
        }

        StopDetached(activity);
    }

    /// <summary>Ends <paramref name="activity"/> as failed with <paramref name="error"/>.</summary>
    public static void End(Activity activity, Exception error)
    {
        if (activity.IsAllDataRequested)
        {
            activity.SetStatus(ActivityStatusCode.Error, error.Message);
            activity.SetTag(MethodTelemetry.ErrorTypeTag, error.GetType().FullName);
        }

        StopDetached(activity);
    }

    private static void StopDetached(Activity activity)
    {
        var current = Activity.Current;
        activity.Stop();
        Activity.Current = ReferenceEquals(current, activity) ? null : current;
    }

    private static string BoxedStatus(uint status) => status switch
    {
        200 => "200",
        400 => "400",
        404 => "404",
        500 => "500",
        501 => "501",
        _ => status.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
