package io.esdmon.trainer;

/**
 * Softmax cross-entropy averaged over a batch, fused with its gradient: for logits z and label y,
 * loss = −log softmax(z)_y and dLoss/dz = (softmax(z) − onehot(y)) / rows.
 */
final class SoftmaxCrossEntropy {

    private SoftmaxCrossEntropy() {
    }

    /**
     * Writes the gradient of the mean loss into {@code grad} (if not null) and returns the summed
     * loss and the number of correct argmax predictions.
     */
    static BatchOutcome apply(float[] logits, int[] labels, int rows, int classes, float[] grad) {
        double lossSum = 0;
        int correct = 0;
        float scale = 1f / rows;
        for (int r = 0; r < rows; r++) {
            int base = r * classes;
            int argmax = 0;
            float max = logits[base];
            for (int c = 1; c < classes; c++) {
                if (logits[base + c] > max) {
                    max = logits[base + c];
                    argmax = c;
                }
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                sum += Math.exp(logits[base + c] - max);
            }
            int y = labels[r];
            lossSum += Math.log(sum) - (logits[base + y] - max);
            if (argmax == y) {
                correct++;
            }
            if (grad != null) {
                for (int c = 0; c < classes; c++) {
                    double p = Math.exp(logits[base + c] - max) / sum;
                    grad[base + c] = (float) (p - (c == y ? 1 : 0)) * scale;
                }
            }
        }
        return new BatchOutcome(lossSum, correct, rows);
    }

    /** Summed loss and correct predictions over {@code samples} samples. */
    record BatchOutcome(double lossSum, int correct, int samples) {
    }
}
