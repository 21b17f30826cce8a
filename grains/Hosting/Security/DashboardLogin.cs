using System.Security.Cryptography;
using System.Text;

namespace Concurrency.Hosting.Security;

/// <summary>The user name and password the dashboard asks for when it is reachable beyond this machine.</summary>
public sealed record DashboardLogin(string User, string Password)
{
    public const string UserVariable = "CONCURRENCY_LAB_DASHBOARD_USER";
    public const string PasswordVariable = "CONCURRENCY_LAB_DASHBOARD_PASSWORD";

    /// <summary>Compares in constant time, so the answer's timing says nothing about how much of a guess was right.</summary>
    public bool Accepts(string user, string password) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(user), Encoding.UTF8.GetBytes(User))
        & CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(Password));
}
