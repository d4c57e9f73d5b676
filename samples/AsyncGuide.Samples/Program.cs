using System;
using System.Diagnostics;
using System.Threading.Tasks;
using AsyncGuide.Samples;

// Walks through the guide (asyncio gather / wait) example by example, each with its C# twin.
// The guide's sleeps of N seconds run here as N x 100 ms, so the tour takes about two seconds.
var total = Stopwatch.StartNew();
await GuideExamples.GatherAsync();
await GuideExamples.WaitFirstCompletedAsync();
await ChoosingExamples.ResultsAsTheyCompleteAsync();
await ChoosingExamples.TimeoutsAsync();
await TroubleshootingExamples.GatherFailureCancelsTheRestAsync();
await TroubleshootingExamples.ReturnExceptionsAsync();
await TroubleshootingExamples.TaskScopeAsync();
Console.WriteLine();
Console.WriteLine($"Done in {total.ElapsedMilliseconds} ms.");
