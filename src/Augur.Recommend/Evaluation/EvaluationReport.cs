namespace Augur.Recommend.Evaluation;

/// <summary>The offline figures of one model on one split, averaged over the evaluated users.</summary>
public sealed record EvaluationReport(
    string Model,
    int K,
    int Users,
    double Precision,
    double Recall,
    double Ndcg,
    double Map,
    double HitRate,
    double Coverage,
    double Novelty,
    int CandidateN,
    double CandidateRecall,
    double TrainSeconds,
    double ScoreSeconds);
