package houses;

import static dev.dendrite.Activation.RELU;
import dev.dendrite.*;

@Model(input = 8, loss = Loss.MEAN_SQUARED_ERROR, optimizer = Optimizer.ADAM, epochs = 50)
class Prices {
  @Dense(units = 64, activation = RELU) Layer hidden1;
  @Dense(units = 64, activation = RELU) Layer hidden2;
  @Dense(units = 1) Layer price;
}
