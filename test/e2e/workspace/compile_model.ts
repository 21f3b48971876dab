import * as tf from "@tensorflow/tfjs";

const model = tf.sequential();
model.add(tf.layers.dense({ units: 3, inputShape: [4], activation: "softmax" }));
model.compile({ optimizer: "adam", loss: "focalLoss" });
