import type { ProductDetailView } from '../../../../typings/api';
import { definePage, type ViewState } from '../../../definitions/index';
import { ApiError, call, toastError } from '../../../services/api';
import { CCC_PATTERN, CREDIT_LIMITS, CREDIT_TEXT, STANDARD_PATTERN } from '../../../shared/credit';
import { PRODUCT_CATEGORIES } from '../../../shared/product-categories';
import { textProblem } from '../../../shared/text';
import { uploadPending, type PendingUpload } from '../../../utils/cable-wx';
import { goToFirstError, serverFieldErrors } from '../../../utils/form';

const TEXT = {
  titleNew: '登记产品',
  titleEdit: '修改产品信息',
  loading: '正在加载',
  failed: '加载失败',
  fields: {
    name: '产品名称',
    brand: '品牌',
    model: '规格型号',
    category: '产品类别',
    standard: '执行标准',
    cccNumber: 'CCC 证书编号（选填）',
    photos: '产品照片（选填，最多 3 张）',
  },
  placeholders: {
    name: '如 聚氯乙烯绝缘电线',
    brand: '无品牌可填“无”',
    model: '如 BV 2.5mm²',
    standard: '如 GB/T 5023.3-2008',
    cccNumber: '16 位数字，见 CCC 证书',
  },
  pick: '请选择',
  addPhoto: '添加照片',
  removePhoto: '删除照片',
  categoryMissing: '请选择产品类别',
  standardInvalid: '执行标准应为标准编号，例如 GB/T 5023.3-2008',
  cccInvalid: 'CCC 证书编号应为 16 位数字',
  uploading: '正在上传照片 {done}/{total}',
  uploadFailed: '照片上传失败，请检查网络后重试',
  submit: '保存',
  submitting: '正在保存…',
  saved: '已保存',
  fixErrors: '请按提示修改后再保存',
};

const ORDER = ['name', 'brand', 'model', 'category', 'standard', 'cccNumber', 'photos'] as const;
type Field = (typeof ORDER)[number];

interface Form {
  name: string;
  brand: string;
  model: string;
  categoryIndex: number;
  standard: string;
  cccNumber: string;
}

interface Photo extends PendingUpload {
  /** What the page shows: the local file, or the stored photo's link. */
  src: string;
}

const emptyForm = (): Form => ({ name: '', brand: '', model: '', categoryIndex: -1, standard: '', cccNumber: '' });

/** The form's own checks: the same rules the server applies (shared/credit.ts). */
function errorsOf(form: Form): Partial<Record<Field, string>> {
  const errors: Partial<Record<Field, string>> = {};
  const text = (field: 'name' | 'brand' | 'model', rule: keyof typeof CREDIT_TEXT) => {
    const problem = textProblem(CREDIT_TEXT[rule], form[field]);
    if (problem) errors[field] = problem;
  };
  text('name', 'productName');
  text('brand', 'brand');
  text('model', 'model');
  if (form.categoryIndex < 0) errors.category = TEXT.categoryMissing;
  const standard = form.standard.trim().toUpperCase().replace(/\s+/g, ' ');
  if (!STANDARD_PATTERN.test(standard)) errors.standard = TEXT.standardInvalid;
  const ccc = form.cccNumber.replace(/\s+/g, '');
  if (ccc && !CCC_PATTERN.test(ccc)) errors.cccNumber = TEXT.cccInvalid;
  return errors;
}

/** Enterprises: registers a product (or, with ?productId=, edits one). */
definePage({
  data: {
    text: TEXT,
    state: 'loading' as ViewState,
    productId: '',
    form: emptyForm(),
    errors: {} as Partial<Record<Field, string>>,
    focusField: '',
    submitAttempted: false,
    submitting: false,
    progress: '',
    categories: [...PRODUCT_CATEGORIES],
    photos: [] as Photo[],
    maxPhotos: CREDIT_LIMITS.maxPhotos,
    uploadFolder: '',
  },
  onLoad(query: Record<string, string | undefined>) {
    const productId = query.productId ?? '';
    this.setData({ productId });
    wx.setNavigationBarTitle({ title: productId ? TEXT.titleEdit : TEXT.titleNew });
    this.load();
  },
  async load() {
    const loaded = await this.runLoad(async () => {
      const [mine, existing] = await Promise.all([
        call('credit', 'myProducts', { page: 1 }),
        this.data.productId ? call('credit', 'getProduct', { productId: this.data.productId }) : Promise.resolve(null),
      ]);
      return { uploadFolder: mine.uploadFolder, existing };
    });
    if (!loaded) return;
    this.setData({ uploadFolder: loaded.uploadFolder });
    if (loaded.existing) this.fill(loaded.existing);
  },
  fill(p: ProductDetailView) {
    this.setData({
      form: {
        name: p.name,
        brand: p.brand,
        model: p.model,
        categoryIndex: this.data.categories.indexOf(p.category as (typeof PRODUCT_CATEGORIES)[number]),
        standard: p.standard,
        cccNumber: p.cccNumber ?? '',
      },
      photos: p.photos.map((fileID, i) => ({ path: '', fileID, src: p.photoUrls[i] ?? '' })),
    });
  },
  setForm(form: Form) {
    this.setData({ form, errors: this.data.submitAttempted ? errorsOf(form) : {} });
  },
  onInput(e: WechatMiniprogram.Input) {
    this.setForm({ ...this.data.form, [String(e.currentTarget.dataset.field)]: e.detail.value });
  },
  onPickCategory(e: WechatMiniprogram.PickerChange) {
    this.setForm({ ...this.data.form, categoryIndex: Number(e.detail.value) });
  },
  onAddPhoto() {
    const room = this.data.maxPhotos - this.data.photos.length;
    if (room <= 0) return;
    wx.chooseMedia({
      count: room,
      mediaType: ['image'],
      sizeType: ['compressed'],
      success: (res) => {
        const added = res.tempFiles.map((f) => ({ path: f.tempFilePath, fileID: '', src: f.tempFilePath }));
        this.setData({ photos: [...this.data.photos, ...added].slice(0, this.data.maxPhotos) });
      },
    });
  },
  onRemovePhoto(e: WechatMiniprogram.BaseEvent) {
    const index = Number(e.currentTarget.dataset.index);
    this.setData({ photos: this.data.photos.filter((_, i) => i !== index) });
  },
  async onSubmit() {
    if (this.data.submitting) return;
    const form = this.data.form;
    const errors = errorsOf(form);
    this.setData({ submitAttempted: true, errors });
    if (Object.keys(errors).length) {
      wx.showToast({ title: TEXT.fixErrors, icon: 'none' });
      goToFirstError(this, ORDER, errors, ['name', 'brand', 'model', 'standard', 'cccNumber']);
      return;
    }
    this.setData({ submitting: true });
    try {
      const photos = await uploadPending(this.data.photos, this.data.uploadFolder, {
        extensionOf: (p) => (/\.png$/i.test(p.path) ? 'png' : 'jpg'),
        failedMessage: TEXT.uploadFailed,
        onProgress: (done, total) =>
          this.setData({
            progress: TEXT.uploading.replace('{done}', String(done + 1)).replace('{total}', String(total)),
          }),
        onUploaded: (files) => this.setData({ photos: files }),
      });
      const ccc = form.cccNumber.replace(/\s+/g, '');
      const saved = await call('credit', 'saveProduct', {
        ...(this.data.productId ? { productId: this.data.productId } : {}),
        name: form.name.trim(),
        brand: form.brand.trim(),
        model: form.model.trim(),
        category: this.data.categories[form.categoryIndex],
        standard: form.standard.trim(),
        cccNumber: ccc || null,
        photos,
      });
      wx.showToast({ title: TEXT.saved, icon: 'success' });
      if (this.data.productId) wx.navigateBack({});
      else wx.redirectTo({ url: `/pages/credit/product/index?productId=${encodeURIComponent(saved.productId)}` });
    } catch (error) {
      const fields = serverFieldErrors(error, (path) => (ORDER as readonly string[]).find((f) => path.startsWith(f)));
      if (Object.keys(fields).length) {
        this.setData({ errors: fields });
        wx.showToast({ title: error instanceof ApiError ? error.message : TEXT.fixErrors, icon: 'none' });
        goToFirstError(this, ORDER, fields, ['name', 'brand', 'model', 'standard', 'cccNumber']);
      } else {
        toastError(error);
      }
    } finally {
      this.setData({ submitting: false, progress: '' });
    }
  },
});
