import * as tf from "@tensorflow/tfjs";

/*
 * Access to tensor data from inside a registered kernel, for the two backends whose data a
 * JavaScript loop reads in place. The cpu backend keeps typed arrays. The wasm backend keeps its
 * tensors on the wasm heap, which typed-array views read without a copy.
 */

type DataId = object;
type TypedArray = Float32Array | Int32Array | Uint8Array;

/** The methods of tfjs's MathBackendCPU that the kernels use. */
interface CpuBackend {
  readSync(dataId: DataId): unknown;
  makeTensorInfo(shape: number[], dtype: tf.DataType, values?: TypedArray): tf.TensorInfo;
  disposeIntermediateTensorInfo(info: tf.TensorInfo): void;
}

/** The members of tfjs-backend-wasm's BackendWasm that the kernels use. */
interface WasmBackend {
  /** Reading an entry copies a tensor that lives on another backend onto the heap. */
  dataIdMap: { get(dataId: DataId): unknown };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): TypedArray;
  disposeData(dataId: DataId): boolean;
}

/** A float32 output tensor and the array of its values. */
export interface OutputBuffer {
  info: tf.TensorInfo;
  values: Float32Array;
}

/** The arrays of one kernel call: its inputs' values and its new float32 outputs. */
export interface KernelArrays {
  inputs: TypedArray[];
  outputs: OutputBuffer[];
}

/** Reading inputs and allocating float32 outputs on one backend. */
export interface KernelMemory {
  /**
   * Returns the values of `inputs` (the backend's own arrays, not copies) and allocates float32
   * outputs of the given shapes.
   */
  arrays(inputs: tf.TensorInfo[], outputShapes: number[][]): KernelArrays;
  /** Frees outputs that a failed kernel will not return. */
  release(outputs: OutputBuffer[]): void;
}

function cpuMemory(backend: CpuBackend): KernelMemory {
  return {
    arrays: (inputs, outputShapes) => ({
      inputs: inputs.map((info) => backend.readSync(info.dataId) as TypedArray),
      outputs: outputShapes.map((shape) => {
        const values = new Float32Array(tf.util.sizeFromShape(shape));
        return { info: backend.makeTensorInfo(shape, "float32", values), values };
      }),
    }),
    release: (outputs) => {
      for (const output of outputs) {
        backend.disposeIntermediateTensorInfo(output.info);
      }
    },
  };
}

function wasmMemory(backend: WasmBackend): KernelMemory {
  return {
    arrays: (inputs, outputShapes) => {
      // Every allocation can grow the wasm heap, which detaches all earlier views. An input that
      // lives on another backend is copied onto the heap when its entry is first read, so the
      // inputs are placed, then the outputs allocated, and only then are the views taken.
      // typedArrayFromHeap cannot place them: it reads the heap's buffer before the entry.
      for (const info of inputs) {
        backend.dataIdMap.get(info.dataId);
      }
      const infos = outputShapes.map((shape) => backend.makeOutput(shape, "float32"));
      return {
        inputs: inputs.map((info) => backend.typedArrayFromHeap(info)),
        outputs: infos.map((info) => ({
          info,
          values: backend.typedArrayFromHeap(info) as Float32Array,
        })),
      };
    },
    release: (outputs) => {
      for (const output of outputs) {
        backend.disposeData(output.info.dataId);
      }
    },
  };
}

/** The backends that have fused focal loss kernels. */
// TODO: a WebGL kernel, as a shader program per output; WebGL runs the composed ops meanwhile.
export const KERNEL_BACKENDS = ["cpu", "wasm"] as const;
export type KernelBackendName = (typeof KERNEL_BACKENDS)[number];

/** Returns the memory access for `backend`, an instance of the named backend's class. */
export function kernelMemory(backendName: KernelBackendName, backend: unknown): KernelMemory {
  return backendName === "cpu"
    ? cpuMemory(backend as CpuBackend)
    : wasmMemory(backend as WasmBackend);
}
