using System.Buffers.Text;
using System.Text;

namespace Serverless.Gateway.Events.DeadLetters;

/// <summary>
/// A message of a poison queue as stored. The app's clients base64-encode bodies, as the Functions host does; a
/// message that is not base64 was moved to the poison queue raw because no consumer could read it (see
/// <see cref="Storage.UndecodableMessagePoisoner"/>), so <see cref="IsBase64"/> tells the two apart.
/// </summary>
public sealed record DeadLetterMessage(
    string Queue, string MessageId, DateTimeOffset? InsertedOn, DateTimeOffset? ExpiresOn, long DequeueCount, string StoredText)
{
    /// <summary>Whether <see cref="StoredText"/> is base64, which is what the app's clients (and the SDK's decoding) require.</summary>
    public bool IsBase64 => Base64.IsValid(StoredText);

    /// <summary>The body a consumer reads: the decoded text, or the stored text itself when it is not base64.</summary>
    public string Body => IsBase64 ? Encoding.UTF8.GetString(Convert.FromBase64String(StoredText)) : StoredText;

    /// <summary>What replaying sends: the stored text unchanged, or a raw body base64-encoded so the consumer can finally read it.</summary>
    public string ReplayText => IsBase64 ? StoredText : Convert.ToBase64String(Encoding.UTF8.GetBytes(StoredText));

    /// <summary>One line for listings; a raw body is marked, as no consumer has ever seen it.</summary>
    public string Summary => IsBase64 ? DeadLetterBody.Summarize(Body) : $"[not base64] {DeadLetterBody.Summarize(Body)}";
}
