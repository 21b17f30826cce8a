namespace Concurrency.Hosting;

public static class ExceptionExtensions
{
    /// <summary>
    /// The failure itself, out of the <see cref="AggregateException"/> of one that a blocked wait or a combined task
    /// wraps it in; an aggregate of several failures stays as it is.
    /// </summary>
    public static Exception Unwrapped(this Exception exception)
    {
        while (exception is AggregateException { InnerExceptions: [var single] })
        {
            exception = single;
        }

        return exception;
    }
}
