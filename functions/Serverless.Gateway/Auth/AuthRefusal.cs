namespace Serverless.Gateway.Auth;

/// <summary>Why a request was refused, as Problem Details fields plus the <c>WWW-Authenticate</c> challenge.</summary>
public sealed record AuthRefusal(int Status, string Code, string Title, string Detail, string? Challenge);
