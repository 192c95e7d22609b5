package dev.dendrite.bench;

import org.deeplearning4j.nn.api.OptimizationAlgorithm;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.distribution.UniformDistribution;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.Subsampling1DLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.nn.api.MaskState;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The same six models in Deeplearning4j, every field set explicitly (its builder defaults are
 * sigmoid, Xavier and plain SGD). DL4J's dropout argument is the probability to keep a unit.
 */
final class Dl4jModels {
  private Dl4jModels() {}

  static MultiLayerNetwork m1(DataType type, boolean dropout) {
    var list = base(type).list()
        .layer(new DenseLayer.Builder().nIn(784).nOut(300).activation(Activation.RELU).build());
    if (dropout) {
      list.layer(new DropoutLayer.Builder(0.7).build());
    }
    list.layer(new DenseLayer.Builder().nIn(300).nOut(100).activation(Activation.RELU).build());
    if (dropout) {
      list.layer(new DropoutLayer.Builder(0.7).build());
    }
    list.layer(output(100, 10));
    return init(list.setInputType(InputType.feedForward(784)).build());
  }

  static MultiLayerNetwork m2(DataType type, boolean dropout) {
    var list = base(type).list()
        .layer(conv(3, 32))
        .layer(maxPool(2))
        .layer(conv(3, 64))
        .layer(maxPool(2));
    if (dropout) {
      list.layer(new DropoutLayer.Builder(0.5).build());
    }
    list.layer(output(1600, 10));
    return init(list.setInputType(InputType.convolutional(28, 28, 1, CNN2DFormat.NHWC)).build());
  }

  static MultiLayerNetwork m3(DataType type) {
    var list = base(type).list()
        .layer(conv(10, 32))
        .layer(conv(10, 32))
        .layer(maxPool(5))
        .layer(new DropoutLayer.Builder(0.7).build())
        .layer(new DenseLayer.Builder().nOut(100).activation(Activation.RELU).build())
        .layer(new DropoutLayer.Builder(0.7).build())
        .layer(output(100, 10));
    return init(list.setInputType(InputType.convolutional(28, 28, 1, CNN2DFormat.NHWC)).build());
  }

  static MultiLayerNetwork m4(DataType type) {
    var list = base(type).list()
        .layer(conv1d(1, 32))
        .layer(conv1d(32, 32))
        .layer(new Subsampling1DLayer.Builder(PoolingType.MAX).kernelSize(5).stride(5).build())
        .layer(new DropoutLayer.Builder(0.7).build())
        .layer(new DenseLayer.Builder().nIn(22 * 32).nOut(100).activation(Activation.RELU)
            .build())
        .layer(output(100, 3))
        .inputPreProcessor(4, new Flatten());
    return init(list.setInputType(InputType.recurrent(1, 128, RNNFormat.NCW)).build());
  }

  /**
   * M5: M2 with DL4J's BatchNormalization after each convolution, channels last like the
   * convolutions, with Keras' epsilon and M5's momentum (DL4J's {@code decay}).
   */
  static MultiLayerNetwork m5(DataType type, boolean dropout) {
    var list = base(type).list()
        .layer(conv(3, 32))
        .layer(batchNorm())
        .layer(maxPool(2))
        .layer(conv(3, 64))
        .layer(batchNorm())
        .layer(maxPool(2));
    if (dropout) {
      list.layer(new DropoutLayer.Builder(0.5).build());
    }
    list.layer(output(1600, 10));
    return init(list.setInputType(InputType.convolutional(28, 28, 1, CNN2DFormat.NHWC)).build());
  }

  /**
   * M6: DL4J's LSTM (tanh, sigmoid gates, no peepholes: Keras' cell) over steps x features
   * ({@code NWC}, as Dendrite reads them), its last step into the softmax.
   * Keras' initializers: Glorot-uniform kernels and forget-gate bias 1 (DL4J's recurrent
   * kernel is Glorot too where Keras' is orthogonal; the benchmark's speed does not see it).
   */
  static MultiLayerNetwork m6(DataType type) {
    var list = base(type).list()
        .layer(new LastTimeStep(new LSTM.Builder()
            .nIn(1)
            .nOut(64)
            .activation(Activation.TANH)
            .gateActivationFunction(Activation.SIGMOID)
            .forgetGateBiasInit(1.0)
            .dataFormat(RNNFormat.NWC)
            .build()))
        .layer(output(64, 3));
    return init(list.setInputType(InputType.recurrent(1, 128, RNNFormat.NWC)).build());
  }

  private static NeuralNetConfiguration.Builder base(DataType type) {
    return new NeuralNetConfiguration.Builder()
        .seed(42)
        .dataType(type)
        .optimizationAlgo(OptimizationAlgorithm.STOCHASTIC_GRADIENT_DESCENT)
        .updater(new Adam(1e-3, 0.9, 0.999, 1e-7))
        .weightInit(WeightInit.XAVIER_UNIFORM)
        .activation(Activation.IDENTITY);
  }

  private static OutputLayer output(int in, int out) {
    return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
        .nIn(in).nOut(out).activation(Activation.SOFTMAX).build();
  }

  private static ConvolutionLayer conv(int kernel, int filters) {
    return new ConvolutionLayer.Builder(kernel, kernel)
        .stride(1, 1)
        .nOut(filters)
        .activation(Activation.RELU)
        .dataFormat(CNN2DFormat.NHWC)
        .build();
  }

  private static BatchNormalization batchNorm() {
    return new BatchNormalization.Builder()
        .decay(0.9)
        .eps(1e-3)
        .dataFormat(CNN2DFormat.NHWC)
        .build();
  }

  private static SubsamplingLayer maxPool(int size) {
    return new SubsamplingLayer.Builder(PoolingType.MAX)
        .kernelSize(size, size)
        .stride(size, size)
        .dataFormat(CNN2DFormat.NHWC)
        .build();
  }

  /** Glorot-uniform sized for the real 1-D kernel (DL4J's own assumes a square one). */
  private static Convolution1DLayer conv1d(int in, int filters) {
    double limit = Math.sqrt(6.0 / (10 * in + 10 * filters));
    return new Convolution1DLayer.Builder()
        .kernelSize(10)
        .stride(1)
        .nIn(in)
        .nOut(filters)
        .activation(Activation.RELU)
        .weightInit(new UniformDistribution(-limit, limit))
        .build();
  }

  private static MultiLayerNetwork init(MultiLayerConfiguration conf) {
    MultiLayerNetwork network = new MultiLayerNetwork(conf);
    network.init();
    return network;
  }

  /** Flattens DL4J's 1-D activations {@code [n, channels, length]} for a dense layer. */
  static final class Flatten implements InputPreProcessor {
    private static final long serialVersionUID = 1L;
    private long[] shape;

    @Override
    public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspace) {
      shape = input.shape();
      return workspace.dup(ArrayType.ACTIVATIONS, input.reshape('c', input.size(0), -1));
    }

    @Override
    public INDArray backprop(INDArray output, int miniBatchSize, LayerWorkspaceMgr workspace) {
      return workspace.dup(ArrayType.ACTIVATION_GRAD, output.reshape('c', shape));
    }

    @Override
    public InputPreProcessor clone() {
      return new Flatten();
    }

    @Override
    public InputType getOutputType(InputType inputType) {
      InputType.InputTypeRecurrent r = (InputType.InputTypeRecurrent) inputType;
      return InputType.feedForward(r.getSize() * r.getTimeSeriesLength());
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray,
        MaskState currentMaskState, int minibatchSize) {
      return new Pair<>(null, currentMaskState);
    }
  }
}
